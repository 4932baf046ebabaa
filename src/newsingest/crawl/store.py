"""The crawl's database side: raw pages and failures written as they come, and what is already known."""

import hashlib
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine, bindparam, func, insert, select, update

from newsingest.crawl.items import FetchFailure, RawPage, Unchanged
from newsingest.db.bodies import compress_body
from newsingest.db.dialect import dialect_insert
from newsingest.db.failures import record_failure, resolve_failures
from newsingest.db.models import Article, Failure, FeedState, Page, table_of
from newsingest.dedup import canonical_url
from newsingest.sources import Source

LOOKUP_CHUNK = 500  # bound on IN (...) lists, well under SQLite's variable limit
# Failures of these stages are retried by later runs, within the attempt cap and the backoff.
RETRY_STAGES = ("fetch", "too_large")
# The wait after a failed fetch doubles with every attempt from the source's refetch interval, up to this.
MAX_BACKOFF = timedelta(days=7)


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
    unchanged: list[Unchanged] = field(default_factory=list)
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

    def add_unchanged(self, check: Unchanged) -> None:
        """Queue a re-check that found the stored body; write the batch when it is full or old enough."""
        self.unchanged.append(check)
        self._maybe_flush()

    def due(self) -> bool:
        """Say whether what is queued should be written now."""
        pending = len(self.pages) + len(self.failures) + len(self.unchanged)
        return pending >= self.batch_size or (
            pending > 0 and time.monotonic() - self._last_flush >= self.max_delay
        )

    def _maybe_flush(self) -> None:
        if self.due():
            self.flush()

    def flush(self) -> None:
        """Write everything queued in one transaction."""
        self._last_flush = time.monotonic()
        if not (self.pages or self.failures or self.unchanged):
            return
        with self.engine.begin() as conn:
            if self.pages:
                conn.execute(insert(table_of(Page)), self.pages)
            if self.unchanged:
                # The stored row stands for this body: its fetch time moves on, so the re-check window
                # counts from now instead of asking again on every run.
                pages = table_of(Page)
                conn.execute(
                    update(pages)
                    .where(pages.c.id == bindparam("b_id"), pages.c.fetched_at < bindparam("b_at"))
                    .values(fetched_at=bindparam("b_at")),
                    [{"b_id": u.page_id, "b_at": u.checked_at} for u in self.unchanged],
                )
            fetched = [str(p["url"]) for p in self.pages] + [u.url for u in self.unchanged]
            if fetched:
                # A page that now fetches closes the fetch failures its URL had.
                resolve_failures(conn, fetched, ("fetch", "too_large", "robots"))
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
        self.unchanged.clear()


@dataclass(frozen=True, slots=True)
class Stored:
    """The latest stored page of a URL due a re-check: its row, validators and body hash."""

    page_id: int
    etag: str | None
    last_modified: str | None
    body_hash: str


@dataclass(slots=True)
class Lookup:
    """What the database says about candidate URLs (canonical keys), before any is fetched."""

    known: set[str] = field(default_factory=set)  # stored, no re-check due
    resting: set[str] = field(default_factory=set)  # failing: over the attempt cap or backing off
    recheck: dict[str, Stored] = field(default_factory=dict)  # stored, due a conditional re-check


def look_up(engine: Engine, source: Source, links: dict[str, str], now: datetime | None = None) -> Lookup:
    """Sort links ({canonical key: link as listed}) into known, resting and due a re-check.

    Cost is O(len(links)) index lookups, never a scan of everything stored.
    """
    now = now or datetime.now(UTC)
    lookup = Lookup()
    keys = list(links)
    with engine.connect() as conn:
        for start in range(0, len(keys), LOOKUP_CHUNK):
            chunk = {key: links[key] for key in keys[start : start + LOOKUP_CHUNK]}
            known, recheck = _stored(conn, source, list(chunk), now)
            resting = _resting(conn, source, chunk, now)
            lookup.known |= known - resting
            lookup.resting |= resting
            lookup.recheck |= _latest(conn, source, recheck - resting)
    return lookup


def known_urls(engine: Engine, source: Source, urls: list[str], now: datetime | None = None) -> set[str]:
    """Return which canonical urls to skip: stored and not due a re-check, or failing and resting."""
    lookup = look_up(engine, source, {url: url for url in urls}, now)
    return lookup.known | lookup.resting


def _stored(conn: Connection, source: Source, keys: list[str], now: datetime) -> tuple[set[str], set[str]]:
    """Return (stored keys, those of them due a re-check: recent articles not fetched lately)."""
    pages, articles = table_of(Page), table_of(Article)
    window = now - timedelta(hours=source.refetch_window_hours)
    stale = now - timedelta(minutes=source.refetch_interval_minutes)
    rows = conn.execute(
        select(pages.c.canonical_url, func.max(pages.c.fetched_at), func.max(articles.c.published_at))
        .select_from(pages.outerjoin(articles, articles.c.page_id == pages.c.id))
        .where(pages.c.source == source.slug, pages.c.canonical_url.in_(keys), pages.c.status < 300)
        .group_by(pages.c.canonical_url)
    )
    known: set[str] = set()
    recheck: set[str] = set()
    for url, fetched_at, published_at in rows:
        known.add(url)
        published = _aware(published_at)
        fetched = _aware(fetched_at)
        if published is not None and published >= window and fetched is not None and fetched < stale:
            recheck.add(url)
    return known - recheck, recheck


def _latest(conn: Connection, source: Source, keys: set[str]) -> dict[str, Stored]:
    """Return the newest stored page of each key: its validators and body hash, for a conditional GET."""
    if not keys:
        return {}
    pages = table_of(Page)
    rows = conn.execute(
        select(pages.c.canonical_url, pages.c.id, pages.c.headers, pages.c.body_hash)
        .where(pages.c.source == source.slug, pages.c.canonical_url.in_(keys), pages.c.status < 300)
        .order_by(pages.c.fetched_at.desc(), pages.c.id.desc())
    )
    latest: dict[str, Stored] = {}
    for url, page_id, headers, body_hash in rows:
        if url not in latest:
            named = {str(k).lower(): str(v) for k, v in (headers or {}).items()}
            latest[url] = Stored(page_id, named.get("etag"), named.get("last-modified"), body_hash)
    return latest


def _resting(conn: Connection, source: Source, links: dict[str, str], now: datetime) -> set[str]:
    """Return the keys whose open fetch failure is over the attempt cap or still backing off."""
    failures = table_of(Failure)
    # Failures are keyed by the URL as requested: match the link as listed and its canonical form.
    by_url = {link: key for key, link in links.items()} | {key: key for key in links}
    rows = conn.execute(
        select(failures.c.url, failures.c.attempts, failures.c.last_seen_at).where(
            failures.c.source == source.slug,
            failures.c.stage.in_(RETRY_STAGES),
            failures.c.resolved_at.is_(None),
            failures.c.url.in_(list(by_url)),
        )
    )
    return {
        by_url[url] for url, attempts, last_seen in rows if not retry_due(source, attempts, last_seen, now)
    }


def retry_due(source: Source, attempts: int, last_seen: datetime | None, now: datetime) -> bool:
    """Say whether a URL whose fetch failed attempts times, last at last_seen, may be fetched again now.

    Runs stop at the source's max_fetch_attempts; between them the wait doubles, starting from the
    source's refetch interval (60 min by default: then 2, 4, 8 h), so a URL that keeps failing costs a
    few requests a day instead of one every run.
    """
    if attempts >= source.max_fetch_attempts:
        return False
    if attempts <= 0 or last_seen is None:  # `newsingest retry-failures` starts the count again
        return True
    base = timedelta(minutes=source.refetch_interval_minutes)
    wait = min(base * 2 ** (attempts - 1), MAX_BACKOFF)
    seen = _aware(last_seen)
    return seen is None or now >= seen + wait


def _aware(value: datetime | None) -> datetime | None:
    # Aggregates bypass the UTCDateTime type, so SQLite hands back naive UTC or strings.
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def failed_urls(engine: Engine, source: Source, now: datetime | None = None) -> list[str]:
    """Return the URLs whose fetch failed in an earlier run and are due another try."""
    now = now or datetime.now(UTC)
    failures = table_of(Failure)
    with engine.connect() as conn:
        rows = conn.execute(
            select(failures.c.url, failures.c.attempts, failures.c.last_seen_at).where(
                failures.c.source == source.slug,
                failures.c.stage.in_(RETRY_STAGES),
                failures.c.resolved_at.is_(None),
                failures.c.attempts < source.max_fetch_attempts,
            )
        )
        return [url for url, attempts, last_seen in rows if retry_due(source, attempts, last_seen, now)]


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


__all__ = [
    "Lookup",
    "PageStore",
    "Stored",
    "failed_urls",
    "known_urls",
    "load_validators",
    "look_up",
    "retry_due",
    "save_validators",
]
