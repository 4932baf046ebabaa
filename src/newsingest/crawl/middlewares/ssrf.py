"""SSRF guard: refuse non-http(s) URLs and redirects, and hosts resolving to non-public addresses.

The address policy itself is newsingest.netguard's, shared with the health probes.
"""

from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

from newsingest.netguard import REDIRECTS, SCHEMES, addresses_problem, resolve


class BlockedRequest(IgnoreRequest):
    """A request the SSRF guard refused; its message says why."""


class SSRFGuardMiddleware:
    """Refuses requests (redirect targets included) that could reach the crawler's own network."""

    def __init__(self, crawler: Any) -> None:
        """Read the hosts the source lets resolve to private addresses."""
        self.crawler = crawler
        self.private_ok: set[str] = set()
        self.verdicts: dict[tuple[str, int], str | None] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> "SSRFGuardMiddleware":
        """Build the middleware (Scrapy's factory hook)."""
        middleware = cls(crawler)
        middleware.private_ok = {h.lower() for h in crawler.settings.getlist("NEWSINGEST_PRIVATE_HOSTS")}
        return middleware

    async def process_request(self, request: Request) -> None:
        """Raise BlockedRequest when request must not leave the crawler."""
        parts = urlsplit(request.url)
        if parts.scheme.lower() not in SCHEMES:
            self._refuse(request, f"scheme {parts.scheme or '(none)'!r} is not http(s)")
        host = (parts.hostname or "").lower()
        if not host:
            self._refuse(request, "URL has no host")
        if host in self.private_ok:
            return
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        key = (host, port)
        if key not in self.verdicts:
            try:
                addresses = await resolve(host, port)
            except (OSError, UnicodeError):
                self.verdicts[key] = None  # let the download fail with the resolver's own error
            else:
                self.verdicts[key] = addresses_problem(host, addresses)
        verdict = self.verdicts[key]
        if verdict:
            self._refuse(request, verdict)

    def process_response(self, request: Request, response: Response) -> Response:
        """Refuse a redirect to a non-http(s) scheme (file:, ftp:, data:, …): not an HTTP 3xx failure.

        Scrapy's RedirectMiddleware (closer to the downloader) does not follow such a redirect and hands
        the 3xx on unchanged, so one that reaches this middleware is a redirect that was not followed.
        """
        location = response.headers.get(b"Location")
        if response.status not in REDIRECTS or not location:
            return response
        try:
            target = urljoin(request.url, location.decode("latin-1").strip())
            scheme = urlsplit(target).scheme.lower()
        except ValueError:
            return response  # not a URL at all: the 3xx stays an HTTP failure
        if scheme and scheme not in SCHEMES:
            self._refuse(request, f"redirect to scheme {scheme!r} is not http(s)", "following")
        return response

    def _refuse(self, request: Request, why: str, before: str = "connecting") -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("newsingest/ssrf_refused")
        raise BlockedRequest(f"refused before {before}: {why}")
