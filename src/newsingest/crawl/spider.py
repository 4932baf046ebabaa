"""NewsSpider: discovers a source's articles (feeds, sitemaps, listings) and fetches them raw."""

import gzip
import io
import json
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure as TwistedFailure

from newsingest.crawl.dates import entry_in_range, sitemap_in_range
from newsingest.crawl.entries import Entry
from newsingest.crawl.failures import classify
from newsingest.crawl.feeds import parse_feed
from newsingest.crawl.items import FetchFailure, RawPage
from newsingest.crawl.listings import parse_listing
from newsingest.crawl.pagination import next_page
from newsingest.crawl.plan import CrawlPlan
from newsingest.crawl.sitemaps import parse_sitemap
from newsingest.crawl.store import failed_urls, known_urls, load_validators, save_validators
from newsingest.crawl.traps import trap_reason
from newsingest.db.engine import get_engine
from newsingest.dedup import canonical_url

HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_SITEMAP_DEPTH = 3  # index → index → urlset is as deep as real sites go
GZIP_MAGIC = b"\x1f\x8b"
NOT_MODIFIED = 304


def _gunzip(body: bytes, limit: int) -> bytes:
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"gzipped sitemap larger than {limit} bytes once decompressed")
    return data


class NewsSpider(scrapy.Spider):
    """Carries out a CrawlPlan: yields RawPage items for articles and FetchFailure items, never extracting."""

    name = "news"

    def __init__(self, plan: str | CrawlPlan, **kwargs: Any) -> None:
        """Take the plan (or its JSON)."""
        super().__init__(**kwargs)
        self.plan = plan if isinstance(plan, CrawlPlan) else CrawlPlan.model_validate_json(plan)
        self.source = self.plan.source
        self.run_id = self.plan.run_id
        self.allowed_domains = sorted(self.source.hosts())
        pattern = self.source.article_pattern
        self.article_pattern = re.compile(pattern) if pattern else None
        self.seen: set[str] = set()
        self.budget = self.source.max_pages if self.plan.mode == "ingest" else len(self.plan.urls) or 10**9
        self.validators: dict[str, tuple[str | None, str | None]] = {}
        self.new_validators: dict[str, tuple[int, str | None, str | None, int]] = {}
        self.entries_out: TextIO | None = None

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Request the plan's entry points (or its URL list)."""
        plan = self.plan
        if plan.mode == "fetch":
            for planned in plan.urls:
                for request in self._article_requests(
                    [Entry(planned.url, planned.published_at)], planned.via
                ):
                    yield request
            return
        if plan.mode == "discover" and plan.entries_file:
            self.entries_out = Path(plan.entries_file).open("a", encoding="utf-8")  # noqa: SIM115 - see closed()
        if plan.conditional:
            self.validators = load_validators(get_engine(), self.source.slug)
        for url in self.source.feeds:
            yield self._entry_request(self.source.resolve(url), self.parse_feed)
        for url in self.source.sitemaps:
            yield self._entry_request(self.source.resolve(url), self.parse_sitemap, depth=0)
        for listing in self.source.listings:
            url = self.source.resolve(listing.url)
            yield self._entry_request(url, self.parse_listing, pattern=listing.article_pattern, page=1)
        if plan.mode == "ingest" and plan.retry_failed:
            retries = [Entry(url) for url in failed_urls(get_engine(), self.source)]
            self._count("retried_failures", len(retries))
            for request in self._article_requests(retries, "retry"):
                yield request

    def _entry_request(self, url: str, callback: Any, **kwargs: Any) -> scrapy.Request:
        headers = {}
        etag, modified = self.validators.get(url, (None, None))
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_entry_error,
            cb_kwargs=kwargs,
            headers=headers,
            dont_filter=True,
            meta={"handle_httpstatus_list": [NOT_MODIFIED]},
        )

    def _count(self, key: str, value: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"newsingest/{key}", value)

    def _unchanged(self, response: Response) -> bool:
        """Record the index's validators; True when it answered 304 and needs no parsing."""
        if response.status == NOT_MODIFIED:
            self._count("not_modified")
            return True
        etag = response.headers.get(b"ETag")
        modified = response.headers.get(b"Last-Modified")
        self.new_validators[response.url] = (
            response.status,
            etag.decode("latin-1") if etag else None,
            modified.decode("latin-1") if modified else None,
            0,
        )
        return False

    def parse_feed(self, response: Response) -> Iterator[Any]:
        """Request the articles a feed links to."""
        if self._unchanged(response):
            return
        entries = parse_feed(response.body, response.url)
        self._count("feed_entries", len(entries))
        yield from self._handle_entries(entries, response.url)

    def parse_sitemap(self, response: Response, depth: int) -> Iterator[Any]:
        """Request a sitemap's articles, following nested sitemaps that may cover the range."""
        if self._unchanged(response):
            return
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
                if sitemap_in_range(nested, self.plan.since, self.plan.until):
                    yield self._entry_request(nested.url, self.parse_sitemap, depth=depth + 1)
                else:
                    self._count("sitemaps_out_of_range")
        yield from self._handle_entries(document.entries, response.url)

    def parse_listing(self, response: Response, pattern: str, page: int) -> Iterator[Any]:
        """Request a listing page's articles; follow 'next' while the pages still reach into the range."""
        if self._unchanged(response):
            return
        entries = parse_listing(response.body, response.url, pattern)
        self._count("listing_entries", len(entries))
        in_range = [e for e in entries if entry_in_range(e, self.plan.since, None)]
        yield from self._handle_entries(entries, response.url)
        if page < self.plan.max_listing_pages and in_range:
            following = next_page(response.body, response.url)
            if following and trap_reason(following):
                self._count("trap_urls")
            elif following:
                yield self._entry_request(following, self.parse_listing, pattern=pattern, page=page + 1)

    def _handle_entries(self, entries: Iterable[Entry], via: str) -> Iterator[Any]:
        fresh: dict[str, Entry] = {}
        for entry in entries:
            key = canonical_url(entry.url)
            # Match the canonical form: feed links carry tracking parameters the pattern should not see.
            if self.article_pattern and not self.article_pattern.search(key):
                continue
            if key in self.seen or key in fresh:
                continue
            if trap_reason(entry.url):
                self.seen.add(key)
                self._count("trap_urls")
                continue
            if not entry_in_range(entry, self.plan.since, self.plan.until):
                # Remember it: an index that gives no date must not bring it back.
                self.seen.add(key)
                self._count("out_of_range")
                continue
            fresh[key] = entry
        self.seen.update(fresh)
        self._count("discovered", len(fresh))
        if via in self.new_validators:
            status, etag, modified, count = self.new_validators[via]
            self.new_validators[via] = (status, etag, modified, count + len(fresh))
        if self.entries_out is not None:
            for key, entry in fresh.items():
                published = entry.published_at.isoformat() if entry.published_at else None
                self.entries_out.write(json.dumps({"url": key, "published_at": published, "via": via}) + "\n")
            self.entries_out.flush()
            return
        yield from self._requests_for(fresh, via)

    def _article_requests(self, entries: Iterable[Entry], via: str | None) -> Iterator[scrapy.Request]:
        by_key = {canonical_url(e.url): e for e in entries}
        self.seen.update(by_key)
        yield from self._requests_for(by_key, via)

    def _requests_for(self, by_key: dict[str, Entry], via: str | None) -> Iterator[scrapy.Request]:
        """Request the entries (keyed by canonical URL) that are not known yet, within the budget."""
        known = known_urls(get_engine(), self.source, list(by_key))
        self._count("skipped_known", len(known))
        for key, entry in by_key.items():
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
                # The spider dedups by canonical URL itself; Scrapy's filter would silently drop a
                # redirect back to a URL already seen (a redirect loop) instead of failing it.
                dont_filter=True,
            )

    def parse_article(
        self, response: Response, via: str | None, hint: datetime | None
    ) -> list[RawPage | FetchFailure]:
        """Return the page as served; refuse bodies that are not HTML."""
        # A list, not a generator: Scrapy re-reads a generator callback's source on every response to
        # warn about return values (~0.9 ms a page), and this is the callback of every article.
        request = response.request
        original = request.meta.get("redirect_urls", [response.url])[0] if request else response.url
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
        if content_type and not content_type.startswith(HTML_TYPES):
            return [FetchFailure(original, "fetch", "NotHTML", f"content type {content_type!r} is not HTML")]
        headers = {
            key.decode("latin-1"): b", ".join(values).decode("latin-1")
            for key, values in response.headers.items()
        }
        page = RawPage(
            url=original,
            final_url=response.url,
            status=response.status,
            headers=headers,
            body=response.body,
            fetched_at=datetime.now(UTC),
            discovered_via=via,
            hint_published_at=hint,
        )
        return [page]

    def on_article_error(self, failure: TwistedFailure) -> Iterator[FetchFailure]:
        """Record an article that could not be fetched."""
        request = getattr(failure, "request", None)
        # Key the failure by the URL the spider asked for, not where redirects ended (or looped).
        url = request.meta.get("redirect_urls", [request.url])[0] if request is not None else "?"
        yield classify(failure, url)

    def on_entry_error(self, failure: TwistedFailure) -> Iterator[FetchFailure]:
        """Record a feed, sitemap or listing page that could not be fetched."""
        for item in self.on_article_error(failure):
            item.stage = "discover" if item.stage == "fetch" else item.stage
            yield item

    def closed(self, reason: str) -> None:
        """Keep the indexes' validators only when the crawl finished, so nothing is skipped next time."""
        if self.entries_out is not None:
            self.entries_out.close()
        if reason == "finished" and self.plan.mode == "ingest":
            save_validators(get_engine(), self.source.slug, self.new_validators)
