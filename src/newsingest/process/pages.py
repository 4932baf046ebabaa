"""Turn a source's unprocessed raw pages into articles, recording every failure and moving on."""

import logging
import threading
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import Engine, Row, or_, select, update
from sqlalchemy.exc import StatementError

from newsingest.contracts import ArticleRow
from newsingest.db.failures import record_failure, resolve_failures
from newsingest.db.load import LoadCounts, load_articles
from newsingest.db.models import CrawlRun, Page, table_of
from newsingest.db.retry import redact_text, transient, with_retries
from newsingest.db.scrub import url_too_long
from newsingest.process.bounded import ExtractorPool, extractor_pool
from newsingest.process.job import PageFailure, job_of
from newsingest.process.options import ProcessOptions
from newsingest.sources import Source


@dataclass(slots=True)
class ProcessCounts:
    """What processing a source's pages did."""

    pages: int = 0
    loaded: LoadCounts = field(default_factory=LoadCounts)
    failed: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)
    undated: int = 0

    def add(self, other: "ProcessCounts") -> None:
        """Add other's counts to these."""
        self.pages += other.pages
        self.loaded.add(other.loaded)
        self.failed.update(other.failed)
        self.dropped.update(other.dropped)
        self.undated += other.undated

    def as_dict(self) -> dict[str, Any]:
        """Return the counts as plain JSON-able values."""
        return {
            "pages": self.pages,
            "new": self.loaded.new,
            "updated": self.loaded.updated,
            "unchanged": self.loaded.unchanged,
            "duplicates": self.loaded.duplicates,
            "failed": sum(self.failed.values()),
            "failed_by_class": dict(self.failed),
            "undated": self.undated,
            "dropped_by_rule": dict(self.dropped),
        }


log = logging.getLogger(__name__)
T = TypeVar("T")
PAGE_COLUMNS = ("id", "url", "final_url", "headers", "body", "hint_published_at", "fetched_at")
AHEAD = 2  # batches handed to the workers before the oldest is loaded: they extract while it loads
POLL_S = 0.2  # how often a running crawl's newly stored pages are looked for


@dataclass(slots=True)
class _Batch:
    pages: list[Row[Any]]
    results: list["Future[ArticleRow | PageFailure]"]


def _submit(extractor: ExtractorPool, source: Source, pages: list[Row[Any]]) -> _Batch:
    return _Batch(pages, [extractor.submit(extractor.run, job_of(page, source)) for page in pages])


def process_batch(
    engine: Engine,
    source: Source,
    run_id: int | None,
    batch: list[Row[Any]],
    counts: ProcessCounts,
    extractor: ExtractorPool | None = None,
    options: ProcessOptions = ProcessOptions(),
) -> None:
    """Extract and load one batch of stored pages in one transaction, and mark them processed."""
    if extractor is None:
        with extractor_pool(options) as own:
            process_batch(engine, source, run_id, batch, counts, own, options)
        return
    results = extractor.map(extractor.run, [job_of(page, source) for page in batch])
    load_batch(engine, source, run_id, batch, results, counts, options)


def load_batch(
    engine: Engine,
    source: Source,
    run_id: int | None,
    batch: list[Row[Any]],
    results: list[ArticleRow | PageFailure],
    counts: ProcessCounts,
    options: ProcessOptions = ProcessOptions(),
) -> None:
    """Load one batch's extraction results in one transaction, and mark its pages processed."""
    now = datetime.now(UTC)
    rows: list[ArticleRow] = []
    failures: list[tuple[Row[Any], PageFailure]] = []
    batch_counts = ProcessCounts()
    for page, result in zip(batch, results, strict=True):
        if isinstance(result, ArticleRow) and url_too_long(result.url):
            # Past the unique index's entry size: PostgreSQL would refuse it, and no article URL is this long.
            result = PageFailure(
                "load", "URLTooLong", f"article URL of {len(result.url)} characters: {result.url[:200]}…"
            )
        if isinstance(result, PageFailure):
            failures.append((page, result))
            batch_counts.failed[f"{result.stage}/{result.error_class}"] += 1
        else:
            result.seen_at = now
            batch_counts.undated += result.published_at is None
            rows.append(result)
            batch_counts.dropped.update(result.meta["dropped"])
    try:
        loaded = _with_retries(
            lambda: _load_batch(engine, source, run_id, batch, rows, failures, now),
            f"loading a batch of {source.slug}",
            options,
        )
    except StatementError as exc:
        if transient(exc):
            raise
        # A row the database refuses (a constraint, a value it cannot hold) must not hold back the batch,
        # nor every later run that would meet the same batch again: load page by page, and record it.
        log.warning("a batch of %s failed (%s); loading it page by page", source.slug, _first_line(exc))
        loaded = _load_page_by_page(engine, source, run_id, batch, rows, failures, now, batch_counts, options)
    batch_counts.loaded = loaded
    for _ in loaded.kept_page_ids:
        batch_counts.failed["empty/ShorterText"] += 1
    batch_counts.pages = len(batch)
    counts.add(batch_counts)


def _with_retries(work: Callable[[], T], what: str, options: ProcessOptions) -> T:
    # Extraction is done once; only the transaction is retried when the connection drops.
    return with_retries(work, options.db_retries, options.db_retry_backoff, what)


def _first_line(error: StatementError) -> str:
    """Return the driver's first message line (never the statement or its parameters, whole articles)."""
    cause = error.orig if error.orig is not None else error
    lines = str(cause).strip().splitlines()
    return redact_text(lines[0] if lines else type(cause).__name__)


def _load_page_by_page(
    engine: Engine,
    source: Source,
    run_id: int | None,
    batch: list[Row[Any]],
    rows: list[ArticleRow],
    failures: list[tuple[Row[Any], PageFailure]],
    now: datetime,
    batch_counts: ProcessCounts,
    options: ProcessOptions,
) -> LoadCounts:
    """Load each page of a batch in its own transaction; a page the database refuses becomes a failure."""
    loaded = LoadCounts()
    for page in batch:
        own_rows = [row for row in rows if row.page_id == page.id]
        own_failures = [(p, failed) for p, failed in failures if p.id == page.id]
        try:
            loaded.add(
                _with_retries(
                    partial(_load_batch, engine, source, run_id, [page], own_rows, own_failures, now),
                    f"loading page {page.id} of {source.slug}",
                    options,
                )
            )
        except StatementError as exc:
            if transient(exc):
                raise
            cause = exc.orig if exc.orig is not None else exc
            refused = PageFailure("load", type(cause).__name__, _first_line(exc))
            _with_retries(
                partial(_load_batch, engine, source, run_id, [page], [], [(page, refused)], now),
                f"recording the load failure of page {page.id} of {source.slug}",
                options,
            )
            batch_counts.failed[f"load/{refused.error_class}"] += 1
    return loaded


def _load_batch(
    engine: Engine,
    source: Source,
    run_id: int | None,
    batch: list[Row[Any]],
    rows: list[ArticleRow],
    failures: list[tuple[Row[Any], PageFailure]],
    now: datetime,
) -> LoadCounts:
    pages = table_of(Page)
    failed_ids = {page.id for page, _ in failures}
    with engine.begin() as conn:
        loaded = load_articles(conn, rows)
        kept = set(loaded.kept_page_ids)
        shorter = [
            (page, PageFailure("empty", "ShorterText", "much shorter than the stored text, which was kept"))
            for page in batch
            if page.id in kept
        ]
        for page, failed in [*failures, *shorter]:
            record_failure(
                conn,
                source=source.slug,
                run_id=run_id,
                stage=failed.stage,
                url=page.url,
                error_class=failed.error_class,
                detail=failed.detail,
            )
        resolve_failures(
            conn,
            [p.url for p in batch if p.id not in failed_ids | kept],
            ("extract", "empty", "load", "too_large"),
        )
        conn.execute(update(pages).where(pages.c.id.in_([p.id for p in batch])).values(processed_at=now))
    return loaded


def process_pending(
    engine: Engine,
    source: Source,
    run_id: int | None,
    options: ProcessOptions = ProcessOptions(),
    progress: Callable[[int], None] | None = None,
    crawl_done: threading.Event | None = None,
) -> ProcessCounts:
    """Extract and load the unprocessed pages of source, one transaction per batch.

    Pages of another run of source that is still running are its own (see _Reader).

    With crawl_done, pages are processed as a running crawl stores them, until crawl_done is set and the
    last pages it stored are loaded too.
    """
    counts = ProcessCounts()
    reader = _Reader(engine, source, run_id, options)
    queued: deque[_Batch] = deque()
    final = False
    with extractor_pool(options) as extractor:
        # One worker's imports run while the first pages are read (or while a crawl starts up and fetches);
        # the others start when a batch first needs them: a run with nothing new starts one, not all.
        extractor.start(1)
        while True:
            pages = reader.next() if len(queued) < AHEAD else []
            if pages:
                queued.append(_submit(extractor, source, pages))
                continue
            if queued:
                batch = queued.popleft()
                results = [future.result() for future in batch.results]
                load_batch(engine, source, run_id, batch.pages, results, counts, options)
                if progress:
                    progress(counts.pages)
                continue
            if crawl_done is not None and not crawl_done.wait(POLL_S):
                continue
            if final:
                return counts
            # One last pass from the start: a page committed after later ids were read is not skipped.
            final = True
            reader.rewind()


class _Reader:
    """Reads a source's unprocessed pages in id order, past the ones already handed out.

    Pages that another run of the source still running stored are left to that run: two runs at once
    (chunks of a fanned-out backfill on two workers) would otherwise both extract them. Pages of runs
    that ended, however they ended, are anyone's.
    """

    def __init__(self, engine: Engine, source: Source, run_id: int | None, options: ProcessOptions) -> None:
        """Start before the first page; run_id is the reading run's (None: no run)."""
        self.engine, self.source, self.run_id, self.options = engine, source, run_id, options
        self.after = 0

    def rewind(self) -> None:
        """Read from the first unprocessed page again."""
        self.after = 0

    def next(self) -> list[Row[Any]]:
        """Return the next batch of unprocessed pages (fewer, or none, when no more are stored yet)."""
        options = self.options
        pages = with_retries(
            self._read, options.db_retries, options.db_retry_backoff, f"reading {self.source.slug}'s pages"
        )
        if pages:
            self.after = pages[-1].id
        return pages

    def _read(self) -> list[Row[Any]]:
        pages, runs = table_of(Page), table_of(CrawlRun)
        others = select(runs.c.id).where(
            runs.c.source == self.source.slug, runs.c.status == "running", runs.c.id != (self.run_id or 0)
        )
        with self.engine.connect() as conn:
            return list(
                conn.execute(
                    select(*(pages.c[name] for name in PAGE_COLUMNS))
                    .where(
                        pages.c.source == self.source.slug,
                        pages.c.processed_at.is_(None),
                        pages.c.id > self.after,
                        or_(pages.c.run_id.is_(None), pages.c.run_id.not_in(others)),
                    )
                    .order_by(pages.c.id)
                    .limit(self.options.batch_size)
                ).all()
            )
