"""One source's backfill run: discover the articles of a date range, then fetch and load them day by day."""

import json
import tempfile
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from prefect import get_run_logger
from sqlalchemy import Engine

from newsingest.crawl.plan import CrawlPlan, PlannedURL
from newsingest.crawl.runner import CrawlError, CrawlOutcome, merge_outcomes
from newsingest.dates import url_date
from newsingest.db.engine import get_engine
from newsingest.db.runs import finish_run
from newsingest.orchestration.checks import failed_checks
from newsingest.orchestration.limits import crawl_slot, writer_slot
from newsingest.orchestration.progress import Progress
from newsingest.orchestration.run_options import RunOptions
from newsingest.orchestration.source_run import (
    closed_if_interrupted,
    crawl_and_process,
    open_run,
    record_crawl_error,
    summary_counters,
)
from newsingest.orchestration.summary import source_summary
from newsingest.orchestration.tasks import crawl, process_task
from newsingest.orchestration.verdict import judge_run
from newsingest.process import ProcessCounts
from newsingest.sources import Source

MAX_LISTING_PAGES = 500  # archive pagination stops at the range's start long before this


def _day_of(url: PlannedURL) -> date:
    return url_date(url.url) or (url.published_at.date() if url.published_at else date.min)


def day_chunks(urls: list[PlannedURL], chunk_size: int) -> Iterator[list[PlannedURL]]:
    """Group urls by publication day, merging consecutive days until a chunk holds chunk_size URLs."""
    chunk: list[PlannedURL] = []
    for _day, group in _by_day(sorted(urls, key=_day_of)):
        if chunk and len(chunk) + len(group) > chunk_size:
            yield chunk
            chunk = []
        chunk.extend(group)
    if chunk:
        yield chunk


def _by_day(urls: list[PlannedURL]) -> Iterator[tuple[date, list[PlannedURL]]]:
    current: date | None = None
    group: list[PlannedURL] = []
    for url in urls:
        day = _day_of(url)
        if current is not None and day != current:
            yield current, group
            group = []
        current = day
        group.append(url)
    if current is not None:
        yield current, group


def discover(
    source: Source, run_id: int, window: tuple[datetime, datetime], options: RunOptions
) -> tuple[list[PlannedURL], CrawlOutcome]:
    """List the source's article URLs of [since, until) from its sitemaps, feeds and archives."""
    since, until = window
    with tempfile.TemporaryDirectory(prefix="newsingest-backfill-") as workdir:
        entries_file = Path(workdir, "entries.jsonl")
        plan = CrawlPlan(
            source=source,
            run_id=run_id,
            mode="discover",
            since=since,
            until=until,
            conditional=False,  # a backfill reads every index in full, whatever the last run saw
            max_listing_pages=MAX_LISTING_PAGES,
            entries_file=str(entries_file),
        )
        with crawl_slot(source, options.sqlite):
            outcome = crawl(plan, options)
        lines = entries_file.read_text(encoding="utf-8").splitlines() if entries_file.exists() else []
    return [PlannedURL.model_validate(json.loads(line)) for line in lines], outcome


def backfill_source(
    source: Source, since: datetime, until: datetime, chunk_size: int, options: RunOptions
) -> dict[str, Any]:
    """Discover, fetch and load one source's articles of the range, chunk by chunk, with progress."""
    engine = get_engine()
    params = {"source": source.slug, "since": since.isoformat(), "until": until.isoformat()}
    run_id = open_run(engine, source, "backfill", params, options)
    with closed_if_interrupted(engine, source, run_id):
        return _backfill_run(engine, source, run_id, (since, until), chunk_size, options)


def _backfill_run(
    engine: Engine,
    source: Source,
    run_id: int,
    window: tuple[datetime, datetime],
    chunk_size: int,
    options: RunOptions,
) -> dict[str, Any]:
    logger = get_run_logger()
    since, until = window
    params = {"source": source.slug, "since": since.isoformat(), "until": until.isoformat()}
    started = time.monotonic()
    outcomes: list[CrawlOutcome] = []
    processed = ProcessCounts()
    error: str | None = None
    try:
        urls, found = discover(source, run_id, window, options)
        outcomes.append(found)
        chunks = list(day_chunks(urls, chunk_size))
        logger.info("backfill %s: %d article URLs in range, %d chunks", source.slug, len(urls), len(chunks))
        progress = Progress(f"backfill-{source.slug}", source.slug, f"Backfill of {source.slug}: {params}")
        done = 0
        progress.report(done, len(urls))
        for chunk in chunks:
            plan = CrawlPlan(source=source, run_id=run_id, mode="fetch", urls=chunk)
            step = crawl_and_process(source, run_id, plan, options)
            outcomes += [step.outcome] if step.outcome is not None else []
            processed.add(step.processed or ProcessCounts())
            if step.process_error is not None:
                raise step.process_error
            if step.crawl_error is not None:
                raise step.crawl_error
            done += len(chunk)
            progress.report(done, len(urls))
    except CrawlError as exc:
        error = str(exc)
        logger.error("%s", exc)
        record_crawl_error(source, run_id, exc)
        with writer_slot(options.sqlite):  # earlier runs' pages; a chunk's were processed with it
            processed.add(process_task(options.process)(source, run_id, options.process))
    outcome = merge_outcomes(outcomes) if outcomes else None
    # Judged without history: min_pages applies only when configured (backfill ranges do not compare).
    checks = []
    if error is None and outcome is not None:
        checks = judge_run(engine, source, run_id, outcome, with_history=False)
    failed = failed_checks(checks)
    if failed:
        error = "; ".join(f"check {check.name} failed: {check.detail}" for check in failed)
        logger.error("%s", error)
    status = "completed" if error is None else "failed"
    summary = source_summary(
        source.slug, run_id, status, outcome, processed, time.monotonic() - started, error, checks
    )
    finish_run(engine, run_id, status, summary, summary_counters(summary, outcome))
    return summary
