"""robots.txt per RFC 9309: a 4xx allows everything, a 5xx or an unreachable file disallows everything."""

from typing import Any

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred

DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"
ALLOW_ALL = b""


class RobotsUnreachable(IgnoreRequest):
    """robots.txt could not be read (5xx, timeout, connection error): nothing may be fetched this run."""


class RobotsPolicyMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware with RFC 9309's answers to unavailable and unreachable files.

    Scrapy parses a 5xx error page as rules (so allows everything) and allows everything on a timeout;
    the RFC asks crawlers to assume complete disallow then.
    """

    def __init__(self, crawler: Any) -> None:
        """Keep, per host, why its robots.txt was unreachable."""
        super().__init__(crawler)
        self.unreachable: dict[str, str] = {}

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500:
            self.unreachable[netloc] = f"robots.txt answered {response.status}"
            response = response.replace(body=DISALLOW_ALL)
        elif response.status >= 400:
            response = response.replace(body=ALLOW_ALL)
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        self.unreachable[netloc] = f"robots.txt unreachable ({type(exc).__name__})"
        self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        parser = build_from_crawler(self._parserimpl, self.crawler, DISALLOW_ALL)
        deferred = self._parsers[netloc]
        assert isinstance(deferred, Deferred)
        self._parsers[netloc] = parser
        deferred.callback(parser)

    def process_request_2(self, rp: Any, request: Request) -> None:
        """Refuse like Scrapy does, saying so when the refusal comes from an unreachable robots.txt."""
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest:
            why = self.unreachable.get(urlparse_cached(request).netloc)
            if why:
                raise RobotsUnreachable(
                    f"Forbidden by robots.txt: {why}, disallow all for this run"
                ) from None
            raise
