"""NewsSpider: discovers a source's articles (feeds, sitemaps, listings) and fetches them raw."""

import gzip
import hashlib
import io
import json
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure as TwistedFailure

from newsingest.crawl.entries import Entry
from newsingest.crawl.errback import classify
from newsingest.crawl.feeds import parse_feed
from newsingest.crawl.items import FetchFailure, RawPage, Unchanged
from newsingest.crawl.link_dates import entry_in_range, sitemap_in_range
from newsingest.crawl.listings import parse_listing
from newsingest.crawl.offload import in_thread
from newsingest.crawl.pagination import next_page
from newsingest.crawl.plan import CrawlPlan
from newsingest.crawl.sitemaps import parse_sitemap
from newsingest.crawl.store import (
    LOOKUP_CHUNK,
    Stored,
    failed_urls,
    load_validators,
    look_up,
    save_validators,
)
from newsingest.crawl.traps import trap_reason
from newsingest.db.engine import get_engine
from newsingest.dedup import canonical_url

HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_SITEMAP_DEPTH = 3  # index → index → urlset is as deep as real sites go
GZIP_MAGIC = b"\x1f\x8b"
NOT_MODIFIED = 304
INDEX_KEY = "newsingest_index"  # meta of an index request: the URL its validators are stored under
LISTED_BY = "newsingest_listed_by"  # meta of an article request: the index that listed it


def _gunzip(body: bytes, limit: int) -> bytes:
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"gzipped sitemap larger than {limit} bytes once decompressed")
    return data


class NewsSpider(scrapy.Spider):
    """Carries out a CrawlPlan: yields RawPage items for articles and FetchFailure items, never extracting.

    Database look-ups run in threads (offload.in_thread) and items are written by the pipeline's writer
    thread, so a database waiting on a lock never stops the downloads.
    """

    name = "news"

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> "NewsSpider":
        """Build the spider and listen for callbacks that fail (their index must be read again)."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_callback_error, signal=signals.spider_error)
        return spider

    def __init__(self, plan: str | CrawlPlan, **kwargs: Any) -> None:
        """Take the plan (or its JSON)."""
        super().__init__(**kwargs)
        self.plan = plan if isinstance(plan, CrawlPlan) else CrawlPlan.model_validate_json(plan)
        self.source = self.plan.source
        self.run_id = self.plan.run_id
        self.allowed_domains = sorted(self.source.hosts())
        self.site_hosts = _canonical_hosts(self.allowed_domains)
        self.seen: set[str] = set()
        self.budget = self.source.max_pages if self.plan.mode == "ingest" else len(self.plan.urls) or 10**9
        self.validators: dict[str, tuple[str | None, str | None]] = {}
        # An index's validators are kept only once its callback handed on every entry it listed.
        self.new_validators: dict[str, tuple[int, str | None, str | None, int]] = {}
        self.handed_on: dict[str, int] = {}
        # Over-budget entries are deferred, not remembered: an index that could not hand on everything
        # (or whose callback failed, or one of whose nested indexes did) keeps its old validators, so
        # the next run reads it in full again and its known entries cost one look-up each.
        self.parents: dict[str, str] = {}
        self.deferred: set[str] = set()
        self.entries_out: TextIO | None = None

    async def start(self) -> AsyncIterator[scrapy.Request | FetchFailure]:
        """Request the plan's entry points (or its URL list)."""
        plan = self.plan
        if plan.mode == "fetch":
            # One look-up per index the URLs came from, not one per URL.
            by_via: dict[str | None, list[Entry]] = {}
            for planned in plan.urls:
                by_via.setdefault(planned.via, []).append(Entry(planned.url, planned.published_at))
            for via, entries in by_via.items():
                async for out in self._article_requests(entries, via):
                    yield out
            return
        if plan.mode == "discover" and plan.entries_file:
            self.entries_out = Path(plan.entries_file).open("a", encoding="utf-8")  # noqa: SIM115 - see closed()
        if plan.conditional:
            self.validators = await in_thread(load_validators, get_engine(), self.source.slug)
        for url in self.source.feeds:
            yield self._entry_request(self.source.resolve(url), self.parse_feed)
        for url in self.source.sitemaps:
            yield self._entry_request(self.source.resolve(url), self.parse_sitemap, depth=0)
        for listing in self.source.listings:
            url = self.source.resolve(listing.url)
            yield self._entry_request(url, self.parse_listing, pattern=listing.article_pattern, page=1)
        if plan.mode == "ingest" and plan.retry_failed:
            retries = [Entry(url) for url in await in_thread(failed_urls, get_engine(), self.source)]
            self._count("retried_failures", len(retries))
            async for out in self._article_requests(retries, "retry"):
                yield out

    def _entry_request(
        self, url: str, callback: Any, parent: str | None = None, **kwargs: Any
    ) -> scrapy.Request | FetchFailure:
        """Request an index (feed, sitemap, listing page), conditionally when its validators are known."""
        headers = {}
        etag, modified = self.validators.get(url, (None, None))
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        try:
            request = scrapy.Request(
                url,
                callback=callback,
                errback=self.on_entry_error,
                cb_kwargs=kwargs,
                headers=headers,
                dont_filter=True,
                meta={"handle_httpstatus_list": [NOT_MODIFIED], INDEX_KEY: url},
            )
        except ValueError as exc:
            return self._bad_link(url, parent, exc)
        if parent is not None:
            self.parents[url] = parent
        return request

    def _bad_link(self, url: str, via: str | None, exc: Exception) -> FetchFailure:
        """Return the failure of a listed link that cannot be requested at all."""
        self._count("bad_links")
        where = f" listed by {via}" if via else ""
        return FetchFailure(url, "discover", "BadURL", f"link{where} cannot be requested: {exc}")

    def _count(self, key: str, value: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"newsingest/{key}", value)

    def _not_modified(self, response: Response) -> bool:
        """True when an index answered 304 and needs no parsing."""
        if response.status == NOT_MODIFIED:
            self._count("not_modified")
            return True
        return False

    def _index_done(self, response: Response) -> None:
        """Remember an index's validators: its callback got through every entry it listed."""
        etag = response.headers.get(b"ETag")
        modified = response.headers.get(b"Last-Modified")
        index = _index_of(response)
        self._count("indexes_read")  # the run's discovery reached this index (orchestration/checks.py)
        self.new_validators[index] = (
            response.status,
            etag.decode("latin-1") if etag else None,
            modified.decode("latin-1") if modified else None,
            self.handed_on.get(index, 0),
        )

    def _defer(self, index: str | None) -> None:
        """Keep index, and every index that led to it, from saving its validators this run."""
        while index is not None and index not in self.deferred:
            self.deferred.add(index)
            self._count("indexes_deferred")
            index = self.parents.get(index)

    async def parse_feed(self, response: Response) -> AsyncIterator[Any]:
        """Request the articles a feed links to."""
        if self._not_modified(response):
            return
        entries = parse_feed(response.body, response.url)
        self._count("feed_entries", len(entries))
        async for out in self._handle_entries(entries, response):
            yield out
        self._index_done(response)

    async def parse_sitemap(self, response: Response, depth: int) -> AsyncIterator[Any]:
        """Request a sitemap's articles, following nested sitemaps that may cover the range."""
        if self._not_modified(response):
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
                    yield self._entry_request(
                        nested.url, self.parse_sitemap, parent=_index_of(response), depth=depth + 1
                    )
                else:
                    self._count("sitemaps_out_of_range")
        async for out in self._handle_entries(document.entries, response):
            yield out
        self._index_done(response)

    async def parse_listing(self, response: Response, pattern: str, page: int) -> AsyncIterator[Any]:
        """Request a listing page's articles; follow 'next' while the pages still reach into the range."""
        if self._not_modified(response):
            return
        entries = parse_listing(response.body, response.url, pattern)
        self._count("listing_entries", len(entries))
        in_range = [e for e in entries if entry_in_range(e, self.plan.since, None)]
        async for out in self._handle_entries(entries, response):
            yield out
        if page < self.plan.max_listing_pages and in_range:
            try:
                following = next_page(response.body, response.url)
                trapped = bool(following and trap_reason(following))
            except ValueError as exc:
                detail = f"next-page link cannot be requested: {exc}"
                yield FetchFailure(response.url, "discover", "BadURL", detail)
                following, trapped = None, False
            if trapped:
                self._count("trap_urls")
            elif following:
                yield self._entry_request(
                    following, self.parse_listing, parent=_index_of(response), pattern=pattern, page=page + 1
                )
        self._index_done(response)

    def _admit(self, entry: Entry, fresh: dict[str, Entry]) -> str | None:
        """Return the entry's canonical key when it is to be fetched, None when it is filtered out.

        Raises ValueError for a link that cannot be parsed as a URL.
        """
        key = canonical_url(entry.url)
        # Share buttons (twitter.com, facebook.com, …) and other sites' links are no articles of this
        # source: dropped here, counted, never a failure. Article requests bypass Scrapy's OffsiteMiddleware
        # (dont_filter, for redirect loops), and it would only have made each an "Ignored" failure. Its
        # rule applies: a host of the source or a subdomain of one.
        host = urlsplit(key).hostname or ""
        if not any(host == site or host.endswith("." + site) for site in self.site_hosts):
            self._count("offsite_links")
            return None
        # The canonical form (either host form): feed links carry tracking parameters the pattern should
        # not see, and outlets' patterns are written with and without www.
        if not self.source.is_article(key):
            return None
        if key in self.seen or key in fresh:
            return None
        if trap_reason(entry.url):
            self.seen.add(key)
            self._count("trap_urls")
            return None
        if not entry_in_range(entry, self.plan.since, self.plan.until):
            # Remember it: an index that gives no date must not bring it back.
            self.seen.add(key)
            self._count("out_of_range")
            return None
        return key

    async def _handle_entries(self, entries: Iterable[Entry], response: Response) -> AsyncIterator[Any]:
        """Hand on an index's entries: requests for new ones, a failure for each link that is no URL."""
        via, index = response.url, _index_of(response)
        fresh: dict[str, Entry] = {}
        for entry in entries:
            # One bad link costs only itself: it becomes a failure row and the others go on.
            try:
                key = self._admit(entry, fresh)
            except ValueError as exc:
                yield self._bad_link(entry.url, via, exc)
                continue
            if key is not None:
                fresh[key] = entry
        self.seen.update(fresh)
        self._count("discovered", len(fresh))
        self.handed_on[index] = self.handed_on.get(index, 0) + len(fresh)
        if self.entries_out is not None:
            for key, entry in fresh.items():
                published = entry.published_at.isoformat() if entry.published_at else None
                self.entries_out.write(json.dumps({"url": key, "published_at": published, "via": via}) + "\n")
            self.entries_out.flush()
            return
        async for out in self._requests_for(fresh, via, index):
            yield out

    async def _article_requests(self, entries: Iterable[Entry], via: str | None) -> AsyncIterator[Any]:
        """Request listed URLs (the retry list, a fetch plan's URLs) that are not known yet."""
        by_key: dict[str, Entry] = {}
        for entry in entries:
            try:
                key = canonical_url(entry.url)
            except ValueError as exc:
                yield self._bad_link(entry.url, via, exc)
                continue
            # An index read meanwhile may have asked for it already (the start requests are consumed lazily).
            if key not in self.seen:
                by_key[key] = entry
        self.seen.update(by_key)
        async for out in self._requests_for(by_key, via, None):
            yield out

    async def _requests_for(
        self, by_key: dict[str, Entry], via: str | None, index: str | None
    ) -> AsyncIterator[scrapy.Request | FetchFailure]:
        """Request the entries (keyed by canonical URL) that are not known or resting, within the budget."""
        keys = list(by_key)
        for start in range(0, len(keys), LOOKUP_CHUNK):
            chunk = {key: by_key[key].url for key in keys[start : start + LOOKUP_CHUNK]}
            lookup = await in_thread(look_up, get_engine(), self.source, chunk)
            self._count("skipped_known", len(lookup.known))
            self._count("skipped_failing", len(lookup.resting))
            for key in chunk:
                if key in lookup.known or key in lookup.resting:
                    continue
                entry = by_key[key]
                if self.budget <= 0:
                    self._count("over_budget")
                    self._defer(index)
                    continue
                try:
                    request = self._article_request(entry, via, lookup.recheck.get(key))
                    if index is not None:
                        request.meta[LISTED_BY] = index
                except ValueError as exc:
                    yield self._bad_link(entry.url, via, exc)
                    continue
                self.budget -= 1
                yield request

    def _article_request(self, entry: Entry, via: str | None, stored: Stored | None) -> scrapy.Request:
        """Return the request of an article; a re-check asks conditionally with the stored validators."""
        headers: dict[str, str] = {}
        meta: dict[str, Any] = {}
        if stored is not None:
            if stored.etag:
                headers["If-None-Match"] = stored.etag
            if stored.last_modified:
                headers["If-Modified-Since"] = stored.last_modified
            meta["handle_httpstatus_list"] = [NOT_MODIFIED]
        return scrapy.Request(
            entry.url,
            callback=self.parse_article,
            errback=self.on_article_error,
            cb_kwargs={"via": via, "hint": entry.published_at, "stored": stored},
            headers=headers,
            meta=meta,
            # The spider dedups by canonical URL itself; Scrapy's filter would silently drop a
            # redirect back to a URL already seen (a redirect loop) instead of failing it.
            dont_filter=True,
        )

    def parse_article(
        self, response: Response, via: str | None, hint: datetime | None, stored: Stored | None = None
    ) -> list[RawPage | Unchanged | FetchFailure]:
        """Return the page as served; refuse bodies that are not HTML; skip a re-check's unchanged body."""
        # A list, not a generator: Scrapy re-reads a generator callback's source on every response to
        # warn about return values (~0.9 ms a page), and this is the callback of every article.
        request = response.request
        original = request.meta.get("redirect_urls", [response.url])[0] if request else response.url
        now = datetime.now(UTC)
        if stored is not None:
            not_modified = response.status == NOT_MODIFIED
            if not_modified or hashlib.sha256(response.body).hexdigest() == stored.body_hash:
                # Another row with the same body would only grow storage: the stored one stays.
                self._count("unchanged_bodies")
                return [Unchanged(original, stored.page_id, now, not_modified)]
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
            fetched_at=now,
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
        """Record a feed, sitemap or listing page that could not be fetched; its parent is read again."""
        request = getattr(failure, "request", None)
        if request is not None:
            self._defer(self.parents.get(request.meta.get(INDEX_KEY, request.url)))
        for item in self.on_article_error(failure):
            item.stage = "discover" if item.stage == "fetch" else item.stage
            yield item

    def on_callback_error(self, failure: TwistedFailure, response: Response, spider: scrapy.Spider) -> None:
        """A callback raised: its index (or the index that listed the article) keeps its old validators."""
        if spider is not self:
            return
        request = response.request
        if request is not None and INDEX_KEY in request.meta:
            self._defer(request.meta[INDEX_KEY])
        elif request is not None:
            self._defer(request.meta.get(LISTED_BY))

    def closed(self, reason: str) -> None:
        """Keep the validators of the indexes that were read in full, when the crawl finished."""
        if self.entries_out is not None:
            self.entries_out.close()
        if reason == "finished" and self.plan.mode == "ingest":
            complete = {url: v for url, v in self.new_validators.items() if url not in self.deferred}
            save_validators(get_engine(), self.source.slug, complete)


def _canonical_hosts(hosts: Iterable[str]) -> set[str]:
    """Return hosts as canonical URLs spell them (punycode, no www.); unusable ones are left out."""
    canonical = set()
    for host in hosts:
        try:
            url = canonical_url(f"http://[{host}]/" if ":" in host else f"http://{host}/")
        except ValueError:
            continue
        canonical.add(urlsplit(url).hostname or "")
    return canonical - {""}


def _index_of(response: Response) -> str:
    """Return the key an index's validators are stored under: the URL it was requested as."""
    request = response.request
    if request is not None and INDEX_KEY in request.meta:
        return str(request.meta[INDEX_KEY])
    return response.url
