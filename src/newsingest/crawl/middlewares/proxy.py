"""A source's proxy: every request of its crawl, robots.txt and redirects included, goes through it."""

from typing import Any

from scrapy.http import Request


class SourceProxyMiddleware:
    """Names the source's proxy on each request; Scrapy's HttpProxyMiddleware then connects through it."""

    def __init__(self, proxy: str | None) -> None:
        """Keep the proxy address (None: connect directly)."""
        self.proxy = proxy

    @classmethod
    def from_crawler(cls, crawler: Any) -> "SourceProxyMiddleware":
        """Build the middleware from the NEWSINGEST_PROXY setting (Scrapy's factory hook)."""
        return cls(crawler.settings.get("NEWSINGEST_PROXY"))

    def process_request(self, request: Request) -> None:
        """Send request through the proxy unless it names one of its own."""
        if self.proxy:
            request.meta.setdefault("proxy", self.proxy)
