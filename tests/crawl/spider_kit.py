"""Build a NewsSpider on a real (unstarted) crawler and drive its callbacks by hand."""

import asyncio
from typing import Any

import scrapy
from scrapy.http import HtmlResponse, Response, XmlResponse
from scrapy.utils.test import get_crawler
from sqlalchemy import Engine, select

from newsingest.config import get_settings
from newsingest.crawl.plan import CrawlPlan
from newsingest.crawl.settings import scrapy_settings
from newsingest.crawl.spider import NewsSpider
from newsingest.db.models import FeedState
from newsingest.sources import Source

FEED = "https://n.example/feed.xml"
SOURCE = Source(
    slug="s",
    name="S",
    domain="n.example",
    feeds=[FEED],
    article_pattern=r"/news/",
    max_pages=10,
    refetch_interval_minutes=0,
)


def make_spider(source: Source = SOURCE, **plan: Any) -> NewsSpider:
    """Return the spider of a crawl of source, with the crawl's own settings and stats."""
    crawler = get_crawler(NewsSpider, scrapy_settings(source, get_settings()))
    spider = NewsSpider.from_crawler(crawler, plan=CrawlPlan(source=source, **plan))
    crawler.spider = spider
    return spider


def drain(output: Any) -> list[Any]:
    """Return everything a callback yields, whether it is a generator or an async generator."""
    if hasattr(output, "__aiter__"):

        async def collect() -> list[Any]:
            return [item async for item in output]

        return asyncio.run(collect())
    return list(output or [])


def settle(result: Any) -> Any:
    """Return a pipeline hook's result, running it to the end when it is a coroutine."""
    if asyncio.iscoroutine(result):
        return asyncio.run(result)
    return result


def rss(links: list[str]) -> bytes:
    """Return an RSS 2.0 document linking to links (XML-escaped by the caller where needed)."""
    items = "".join(f"<item><title>t</title><link>{link}</link></item>" for link in links)
    return f"<?xml version='1.0'?><rss version='2.0'><channel>{items}</channel></rss>".encode()


def index_response(
    spider: NewsSpider, url: str, body: bytes, callback: Any, etag: str = '"v1"', **kwargs: Any
) -> Response:
    """Return the 200 answer (with an ETag) to the spider's own request for an index."""
    request = spider._entry_request(url, callback, **kwargs)
    assert isinstance(request, scrapy.Request)
    return XmlResponse(url, body=body, headers={"ETag": etag}, request=request)


def article_response(request: scrapy.Request, body: bytes, status: int = 200) -> Response:
    """Return an HTML answer to an article request."""
    return HtmlResponse(
        request.url, status=status, body=body, headers={"Content-Type": "text/html"}, request=request
    )


def saved_validators(engine: Engine) -> dict[str, str | None]:
    """Return {index URL: etag} of the feed_states rows."""
    with engine.connect() as conn:
        return dict(conn.execute(select(FeedState.url, FeedState.etag)).tuples().all())
