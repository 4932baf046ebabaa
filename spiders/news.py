"""`scrapy crawl news -a source='<Source JSON>'` from a checkout; flows run newsingest.crawl.main instead."""

from newsingest.crawl.spider import NewsSpider

__all__ = ["NewsSpider"]
