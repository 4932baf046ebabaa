"""Scrapy's project settings of a checkout: `scrapy crawl news -a source=<slug>`, `scrapy list`, `check`.

A crawl's own settings depend on its source (delay, size cap, private hosts, proxy): the spider adds them once
it knows the source (spiders/news.py). Flows run newsingest.crawl.main, which does not read this module.
"""

BOT_NAME = "newsingest"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
