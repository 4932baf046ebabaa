"""Honour Retry-After on 429 and 503 per host: that host's requests wait, other hosts go on."""

import asyncio
import time
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Request, Response

STATUSES = (429, 503)


def retry_after_seconds(value: str, now: float | None = None) -> float | None:
    """Return the wait a Retry-After header asks for (delta-seconds or HTTP date), or None."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def host_key(url: str) -> str:
    """Return the origin a wait applies to: host and port."""
    parts = urlsplit(url)
    return f"{(parts.hostname or '').lower()}:{parts.port or ''}"


class RetryAfterMiddleware:
    """Delays every request to a host until the time its last 429/503 Retry-After named (capped).

    Sits closer to the downloader than RetryMiddleware, so it sees the 429 first and the retry that
    RetryMiddleware schedules then waits here.
    """

    def __init__(self, crawler: Any) -> None:
        """Read the cap on waits."""
        self.crawler = crawler
        self.max_wait = crawler.settings.getfloat("NEWSINGEST_RETRY_AFTER_MAX", 300.0)
        self.not_before: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> "RetryAfterMiddleware":
        """Build the middleware (Scrapy's factory hook)."""
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        """Wait until the request's host may be asked again."""
        wait = self.not_before.get(host_key(request.url), 0.0) - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    def process_response(self, request: Request, response: Response) -> Response:
        """Remember a 429/503's Retry-After for its host."""
        if response.status in STATUSES:
            header = response.headers.get(b"Retry-After")
            seconds = retry_after_seconds(header.decode("latin-1")) if header else None
            if seconds is not None:
                wait = min(seconds, self.max_wait)
                key = host_key(request.url)
                self.not_before[key] = max(self.not_before.get(key, 0.0), time.monotonic() + wait)
                if self.crawler.stats is not None:
                    self.crawler.stats.inc_value("newsingest/retry_after")
                    self.crawler.stats.max_value("newsingest/retry_after_max_s", int(wait))
        return response
