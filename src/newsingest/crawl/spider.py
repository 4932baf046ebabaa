"""NewsSpider: discovers a source's articles (feeds, sitemaps, listings) and fetches them raw."""

import gzip
import io
import json
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure as TwistedFailure

from newsingest.crawl.entries import Entry
from newsingest.crawl.failures import classify
from newsingest.crawl.feeds import parse_feed
from newsingest.crawl.items import FetchFailure, RawPage
from newsingest.crawl.listings import parse_listing
from newsingest.crawl.sitemaps import parse_sitemap
from newsingest.crawl.store import known_urls
from newsingest.db.engine import get_engine
from newsingest.dedup import canonical_url
from newsingest.sources import Source

HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_SITEMAP_DEPTH = 3  # index → index → urlset is as deep as real sites go
GZIP_MAGIC = b"\x1f\x8b"


def _gunzip(body: bytes, limit: int) -> bytes:
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"gzipped sitemap larger than {limit} bytes once decompressed")
    return data


class NewsSpider(scrapy.Spider):
    """Fetches a Source's new articles and yields them as RawPage items, never extracting."""

    name = "news"

    def __init__(self, source: str | Source, run_id: int | str | None = None, **kwargs: Any) -> None:
        """Take the Source (or its JSON) and the crawl run the pages belong to."""
        super().__init__(**kwargs)
        self.source = source if isinstance(source, Source) else Source.model_validate_json(source)
        self.run_id = int(run_id) if run_id not in (None, "") else None  # `-a run_id=` gives a string
        self.allowed_domains = sorted(self.source.hosts())
        self.article_pattern = (
            re.compile(self.source.article_pattern) if self.source.article_pattern else None
        )
        self.seen: set[str] = set()
        self.budget = self.source.max_pages

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Request every feed, sitemap and listing page of the source."""
        for url in self.source.feeds:
            yield self._entry_request(self.source.resolve(url), self.parse_feed)
        for url in self.source.sitemaps:
            yield self._entry_request(self.source.resolve(url), self.parse_sitemap, depth=0)
        for listing in self.source.listings:
            yield self._entry_request(
                self.source.resolve(listing.url), self.parse_listing, pattern=listing.article_pattern
            )

    def _entry_request(self, url: str, callback: Any, **kwargs: Any) -> scrapy.Request:
        return scrapy.Request(
            url, callback=callback, errback=self.on_entry_error, cb_kwargs=kwargs, dont_filter=True
        )

    def _count(self, key: str, value: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"newsingest/{key}", value)

    def parse_feed(self, response: Response) -> Iterator[Any]:
        """Request the articles a feed links to."""
        entries = parse_feed(response.body, response.url)
        self._count("feed_entries", len(entries))
        yield from self._article_requests(entries, response.url)

    def parse_sitemap(self, response: Response, depth: int) -> Iterator[Any]:
        """Request a sitemap's articles, following nested sitemap indexes."""
        body = response.body
        if body[:2] == GZIP_MAGIC:
            limit = int(self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
            try:
                body = _gunzip(body, limit)
            except (OSError, ValueError, EOFError) as exc:
                yield FetchFailure(response.url, "discover", "BadSitemap", str(exc))
                return
        document = parse_sitemap(body, response.url)
        self._count("sitemap_entries", len(document.entries))
        if depth < MAX_SITEMAP_DEPTH:
            for nested in document.sitemaps:
                yield self._entry_request(nested.url, self.parse_sitemap, depth=depth + 1)
        yield from self._article_requests(document.entries, response.url)

    def parse_listing(self, response: Response, pattern: str) -> Iterator[Any]:
        """Request the article links of a listing page."""
        entries = parse_listing(response.body, response.url, pattern)
        self._count("listing_entries", len(entries))
        yield from self._article_requests(entries, response.url)

    def _article_requests(self, entries: Iterable[Entry], via: str) -> Iterator[scrapy.Request]:
        fresh: dict[str, Entry] = {}
        for entry in entries:
            key = canonical_url(entry.url)
            # Match the canonical form: feed links carry tracking parameters the pattern should not see.
            if self.article_pattern and not self.article_pattern.search(key):
                continue
            if key in self.seen or key in fresh:
                continue
            fresh[key] = entry
        self.seen.update(fresh)
        self._count("discovered", len(fresh))
        known = known_urls(get_engine(), self.source.slug, list(fresh))
        self._count("skipped_known", len(known))
        for key, entry in fresh.items():
            if key in known:
                continue
            if self.budget <= 0:
                self._count("over_budget")
                continue
            self.budget -= 1
            yield scrapy.Request(
                entry.url,
                callback=self.parse_article,
                errback=self.on_article_error,
                cb_kwargs={"via": via, "hint": entry.published_at},
            )

    def parse_article(self, response: Response, via: str, hint: datetime | None) -> Iterator[Any]:
        """Yield the page as served; refuse bodies that are not HTML."""
        original = (
            response.request.meta.get("redirect_urls", [response.url])[0]
            if response.request
            else response.url
        )
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
        if content_type and not content_type.startswith(HTML_TYPES):
            yield FetchFailure(original, "fetch", "NotHTML", f"content type {content_type!r} is not HTML")
            return
        headers = {
            key.decode("latin-1"): b", ".join(values).decode("latin-1")
            for key, values in response.headers.items()
        }
        yield RawPage(
            url=original,
            final_url=response.url,
            status=response.status,
            headers=headers,
            body=response.body,
            fetched_at=datetime.now(UTC),
            discovered_via=via,
            hint_published_at=hint,
        )

    def on_article_error(self, failure: TwistedFailure) -> Iterator[FetchFailure]:
        """Record an article that could not be fetched."""
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        yield classify(failure, url)

    def on_entry_error(self, failure: TwistedFailure) -> Iterator[FetchFailure]:
        """Record a feed, sitemap or listing page that could not be fetched."""
        for item in self.on_article_error(failure):
            item.stage = "discover" if item.stage == "fetch" else item.stage
            yield item


def describe(source: Source) -> str:
    """Return the JSON form of source the crawl subprocess takes."""
    return json.dumps(source.model_dump(mode="json"))
