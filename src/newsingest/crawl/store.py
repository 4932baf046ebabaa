"""The crawl's database side: raw pages and failures written as they come, and what is already known."""

import hashlib
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, insert, select

from newsingest.crawl.items import FetchFailure, RawPage
from newsingest.db.bodies import compress_body
from newsingest.db.failures import record_failure, resolve_failures
from newsingest.db.load import dialect_insert
from newsingest.db.models import Article, Failure, FeedState, Page, table_of
from newsingest.dedup import canonical_url
from newsingest.sources import Source

LOOKUP_CHUNK = 500  # bound on IN (...) lists, well under SQLite's variable limit


@dataclass
class PageStore:
    """Writes the raw pages and failures of one crawl run in short transactions.

    Pages are committed within max_delay seconds of arriving, so a crawl killed mid-way loses at most
    that much work: what was committed is known and not fetched again when the run is resumed.
    """

    engine: Engine
    source: str
    run_id: int | None
    batch_size: int = 20
    max_delay: float = 0.5
    pages: list[dict[str, object]] = field(default_factory=list)
    failures: list[FetchFailure] = field(default_factory=list)
    stored: int = 0
    _last_flush: float = field(default_factory=time.monotonic)

    def add_page(self, page: RawPage) -> None:
        """Queue a page; write the batch when it is full or old enough."""
        self.pages.append(
            {
                "source": self.source,
                "url": page.url,
                "canonical_url": canonical_url(page.url),
                "final_url": page.final_url,
                "status": page.status,
                "headers": page.headers,
                "fetched_at": page.fetched_at,
                "body": compress_body(page.body),
                "body_size": len(page.body),
                "body_hash": hashlib.sha256(page.body).hexdigest(),
                "run_id": self.run_id,
                "discovered_via": page.discovered_via,
                "hint_published_at": page.hint_published_at,
                "processed_at": None,
            }
        )
        self._maybe_flush()

    def add_failure(self, failure: FetchFailure) -> None:
        """Queue a failure; write the batch when it is full or old enough."""
        self.failures.append(failure)
        self._maybe_flush()

    def _maybe_flush(self) -> None:
        pending = len(self.pages) + len(self.failures)
        if pending >= self.batch_size or time.monotonic() - self._last_flush >= self.max_delay:
            self.flush()

    def flush(self) -> None:
        """Write everything queued in one transaction."""
        self._last_flush = time.monotonic()
        if not (self.pages or self.failures):
            return
        with self.engine.begin() as conn:
            if self.pages:
                conn.execute(insert(table_of(Page)), self.pages)
                # A page that now fetches closes the fetch failures its URL had.
                resolve_failures(conn, [str(p["url"]) for p in self.pages], ("fetch", "too_large", "robots"))
            for failure in self.failures:
                record_failure(
                    conn,
                    source=self.source,
                    run_id=self.run_id,
                    stage=failure.stage,
                    url=failure.url,
                    error_class=failure.error_class,
                    detail=failure.detail,
                    http_status=failure.http_status,
                )
        self.stored += len(self.pages)
        self.pages.clear()
        self.failures.clear()


def known_urls(engine: Engine, source: Source, urls: list[str], now: datetime | None = None) -> set[str]:
    """Return which canonical urls need no fetch: stored already, and not a recent article due a re-check.

    Cost is O(len(urls)) index lookups, never a scan of everything stored.
    """
    now = now or datetime.now(UTC)
    pages, articles = table_of(Page), table_of(Article)
    window = now - timedelta(hours=source.refetch_window_hours)
    stale = now - timedelta(minutes=source.refetch_interval_minutes)
    known: set[str] = set()
    recheck: set[str] = set()
    with engine.connect() as conn:
        for start in range(0, len(urls), LOOKUP_CHUNK):
            chunk = urls[start : start + LOOKUP_CHUNK]
            rows = conn.execute(
                select(pages.c.canonical_url, func.max(pages.c.fetched_at), func.max(articles.c.published_at))
                .select_from(pages.outerjoin(articles, articles.c.page_id == pages.c.id))
                .where(pages.c.source == source.slug, pages.c.canonical_url.in_(chunk), pages.c.status < 300)
                .group_by(pages.c.canonical_url)
            )
            for url, fetched_at, published_at in rows:
                known.add(url)
                published = _aware(published_at)
                fetched = _aware(fetched_at)
                if published is not None and published >= window and fetched is not None and fetched < stale:
                    recheck.add(url)
    return known - recheck


def _aware(value: datetime | None) -> datetime | None:
    # Aggregates bypass the UTCDateTime type, so SQLite hands back naive UTC or strings.
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def failed_urls(engine: Engine, source: Source) -> list[str]:
    """Return the URLs whose fetch failed in an earlier run and deserve another try."""
    failures = table_of(Failure)
    with engine.connect() as conn:
        rows = conn.execute(
            select(failures.c.url).where(
                failures.c.source == source.slug,
                failures.c.stage.in_(("fetch", "too_large")),
                failures.c.resolved_at.is_(None),
                failures.c.attempts < source.max_fetch_attempts,
            )
        )
        return [row[0] for row in rows]


def load_validators(engine: Engine, source: str) -> dict[str, tuple[str | None, str | None]]:
    """Return {url: (etag, last_modified)} of the source's feeds, sitemaps and listings."""
    states = table_of(FeedState)
    with engine.connect() as conn:
        rows = conn.execute(
            select(states.c.url, states.c.etag, states.c.last_modified).where(
                states.c.source == source, states.c.status == 200
            )
        )
        return {url: (etag, modified) for url, etag, modified in rows}


def save_validators(
    engine: Engine, source: str, states: dict[str, tuple[int, str | None, str | None, int]]
) -> None:
    """Store {url: (status, etag, last_modified, entries)} after a crawl that finished."""
    if not states:
        return
    table = table_of(FeedState)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        for url, (status, etag, modified, entries) in states.items():
            values = {
                "etag": etag,
                "last_modified": modified,
                "status": status,
                "entries": entries,
                "checked_at": now,
            }
            statement = dialect_insert(conn, table).values(source=source, url=url, **values)
            conn.execute(statement.on_conflict_do_update(index_elements=["source", "url"], set_=values))


__all__ = ["PageStore", "failed_urls", "known_urls", "load_validators", "save_validators"]
