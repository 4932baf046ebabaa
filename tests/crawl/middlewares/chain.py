"""A spider with the crawl's downloader middlewares (Scrapy's own chain and order) in front of a site table.

The site stands where Scrapy's HTTP download handler stands: it answers each request from its table, or
raises what the handler raises (a timeout, a reset, a body cut short). Everything between the spider and the
handler is the real thing: the crawl's settings, every middleware, retries and redirects requested again as
the engine does, robots.txt fetched through the chain.
"""

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scrapy import Request
from scrapy.core.downloader.middleware import DownloaderMiddlewareManager
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from scrapy.spidermiddlewares.httperror import HttpErrorMiddleware
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure as TwistedFailure

from newsingest.config import Settings, get_settings
from newsingest.crawl.entries import Entry
from newsingest.crawl.items import FetchFailure, RawPage, Unchanged
from newsingest.crawl.plan import CrawlPlan
from newsingest.crawl.settings import scrapy_settings
from newsingest.crawl.spider import NewsSpider
from newsingest.sources import Source

# The hosts of these tests are not resolved (no DNS in tests): the source lets them be, as a source on an
# intranet would. The SSRF tests use address literals and sources of their own.
SITE = "https://n.example"
SOURCE = Source(
    slug="s",
    name="S",
    domain="n.example",
    feeds=[f"{SITE}/feed.xml"],
    article_pattern=r"/news/",
    allowed_hosts=["m.example"],
    allow_private_hosts=["n.example", "m.example"],
)


@dataclass(frozen=True, slots=True)
class Reply:
    """An answer of the site."""

    status: int = 200
    body: bytes = b"<html><body><p>A story.</p></body></html>"
    headers: dict[str, str] = field(default_factory=dict)


Answer = Reply | Exception
Route = Answer | list[Answer] | Callable[[Request], Answer]


class Site:
    """Answers routes[url]: a Reply, an exception to raise, answers in order (the last repeats) or a function."""

    def __init__(self, routes: dict[str, Route] | None = None) -> None:
        """Start with routes (404 for any other URL)."""
        self.routes: dict[str, Route] = dict(routes or {})
        self.log: list[tuple[float, Request]] = []  # (time.monotonic(), request) in order
        self._served: Counter[str] = Counter()

    def hits(self, url: str) -> list[float]:
        """Return when url was requested."""
        return [at for at, request in self.log if request.url == url]

    def requested(self, url: str) -> int:
        """Return how many times url was requested."""
        return len(self.hits(url))

    async def download(self, request: Request) -> Response:
        """Answer request as Scrapy's download handler would hand the answer on."""
        self.log.append((time.monotonic(), request))
        route = self.routes.get(request.url, Reply(404, b"<html>Not found</html>"))
        if isinstance(route, list):
            route = route[min(self._served[request.url], len(route) - 1)]
            self._served[request.url] += 1
        answer = route(request) if callable(route) else route
        if isinstance(answer, Exception):
            raise answer
        headers = Headers({"Content-Type": "text/html; charset=utf-8", **answer.headers})
        kind = responsetypes.from_args(headers=headers, url=request.url, body=answer.body)
        return kind(request.url, status=answer.status, headers=headers, body=answer.body, request=request)


Outcome = RawPage | Unchanged | FetchFailure


class Crawl:
    """A NewsSpider of source whose requests go through the crawl's downloader middlewares to site."""

    def __init__(self, site: Site, source: Source = SOURCE, settings: Settings | None = None) -> None:
        """Build the spider on a crawler with the crawl's settings, and its middleware chain."""
        self.site = site
        self.crawler = get_crawler(NewsSpider, scrapy_settings(source, settings or get_settings()))
        self.spider = NewsSpider.from_crawler(self.crawler, plan=CrawlPlan(source=source))
        self.crawler.spider = self.spider
        # The robots.txt middleware downloads through the engine; here the engine is this chain.
        self.crawler.engine = self  # type: ignore[assignment]
        self.middlewares = DownloaderMiddlewareManager.from_crawler(self.crawler)
        self.http_errors = HttpErrorMiddleware.from_crawler(self.crawler)

    def stat(self, key: str) -> Any:
        """Return a crawl stat (newsingest/… or Scrapy's own)."""
        assert self.crawler.stats is not None
        return self.crawler.stats.get_value(key)

    async def download_async(self, request: Request) -> Response:
        """Download request as the engine does (robots.txt requests come here)."""
        return await self._follow(request, [])

    async def _follow(self, request: Request, sent: list[Request]) -> Response:
        """Download request; requests the middlewares return (retries, redirects) go again, each into sent."""
        while True:
            sent.append(request)
            result = await self.middlewares.download_async(self.site.download, request)
            if isinstance(result, Response):
                return result
            request = result

    async def _outcome(self, request: Request, index: bool) -> list[Outcome]:
        sent: list[Request] = []
        try:
            response = await self._follow(request, sent)
            self.http_errors.process_spider_input(response)
        except Exception as exc:  # what Scrapy hands the errback of the request that failed
            failure = TwistedFailure(exc)  # type: ignore[no-untyped-call]
            failure.request = sent[-1]  # type: ignore[attr-defined]  # as Scrapy sets it
            errback = self.spider.on_entry_error if index else self.spider.on_article_error
            return list(errback(failure))
        if index:
            return []
        return self.spider.parse_article(response, via=None, hint=None)

    async def fetch_article(self, url: str) -> Outcome:
        """Fetch url as the spider requests an article; return the page or failure the crawl stores."""
        request = self.spider._article_request(Entry(url), via=None, stored=None)
        [outcome] = await self._outcome(request, index=False)
        return outcome

    def article(self, url: str) -> Outcome:
        """Fetch one article (see fetch_article)."""
        return asyncio.run(self.fetch_article(url))

    def articles(self, *urls: str) -> dict[str, Outcome]:
        """Fetch urls side by side as one crawl does; return {url: page or failure}."""

        async def all_of() -> list[Outcome]:
            return await asyncio.gather(*(self.fetch_article(url) for url in urls))

        return dict(zip(urls, asyncio.run(all_of()), strict=True))

    def index(self, url: str) -> list[FetchFailure]:
        """Fetch url as the spider requests a feed; return the failure it stores (none when it was read)."""
        request = self.spider._entry_request(url, self.spider.parse_feed)
        assert isinstance(request, Request)
        return [o for o in asyncio.run(self._outcome(request, index=True)) if isinstance(o, FetchFailure)]


def failure_of(outcome: Outcome) -> tuple[str, str]:
    """Return (stage, error_class) of a failure; fail when the outcome is a page."""
    assert isinstance(outcome, FetchFailure), outcome
    return outcome.stage, outcome.error_class
