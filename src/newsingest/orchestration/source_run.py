"""Around each source's run in a flow: select sources, open and close its row, crawl while processing."""

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

from prefect import Flow, get_run_logger
from prefect.client.schemas.objects import FlowRun, State
from prefect.exceptions import TerminationSignal
from prefect.runtime import flow_run
from sqlalchemy import Engine

from newsingest.crawl.plan import CrawlPlan
from newsingest.crawl.runner import CrawlError, CrawlOutcome, stop_crawls
from newsingest.db.engine import get_engine
from newsingest.db.failures import record_failure
from newsingest.db.retry import with_retries
from newsingest.db.runs import (
    close_abandoned_runs,
    interrupt_flow_run,
    interrupt_run,
    run_url,
    start_run,
    sync_source,
)
from newsingest.errors import NewsingestError
from newsingest.orchestration.failure_report import publish_run_report
from newsingest.orchestration.limits import crawl_slot
from newsingest.orchestration.run_options import RunOptions
from newsingest.orchestration.tasks import crawl, process_task
from newsingest.process import ProcessCounts
from newsingest.sources import Source, load_sources, select_sources


def load_selected(sources: list[str] | None, sources_file: str | None, configured: Path) -> list[Source]:
    """Return the named sources from sources_file (default: configured, the settings' file)."""
    path = Path(sources_file) if sources_file else configured
    return select_sources(load_sources(path), sources)


def day_range(since: date, until: date) -> tuple[datetime, datetime]:
    """Return [since 00:00 UTC, the day after until 00:00 UTC): until is inclusive for users."""
    if until < since:
        raise NewsingestError(f"until ({until}) is before since ({since})")
    return datetime.combine(since, dtime(), UTC), datetime.combine(until + timedelta(days=1), dtime(), UTC)


def current_flow_run_id() -> str | None:
    """Return the Prefect flow run id, when running inside one."""
    return str(flow_run.get_id() or "") or None


def record_crawl_error(source: Source, run_id: int, error: CrawlError) -> None:
    """Make a crashed or stopped crawl a failures row."""
    with get_engine().begin() as conn:
        record_failure(
            conn,
            source=source.slug,
            run_id=run_id,
            stage="crawl",
            url=run_url(source),
            error_class="CrawlError",
            detail=str(error),
        )


def interruption(exc: BaseException) -> str:
    """Return what stopped a run, for its row and failure."""
    if type(exc) is KeyboardInterrupt:
        return "interrupted (SIGINT, Ctrl-C)"
    if isinstance(exc, TerminationSignal):
        return f"stopped by {signal.Signals(exc.signal).name} (or a cancelled flow run)"
    return f"stopped by {type(exc).__name__}: {exc}"


def open_run(engine: Engine, source: Source, kind: str, params: dict[str, Any], options: RunOptions) -> int:
    """Register source, close its abandoned runs (killed, crashed), then start this one.

    A database that is briefly away is retried as a batch's transaction is; one that stays away raises
    DatabaseUnavailableError naming the work and the database.
    """

    def start() -> int:
        sync_source(engine, source)
        for run_id in close_abandoned_runs(engine, source, stale_after=options.crawl_timeout):
            get_run_logger().warning(
                "closed run %d of %s as interrupted: no process works on it", run_id, source.slug
            )
        return start_run(engine, source.slug, kind, params, current_flow_run_id())

    retries, backoff = options.process.db_retries, options.process.db_retry_backoff
    return with_retries(start, retries, backoff, f"starting the {kind} run of {source.slug}")


@contextmanager
def closed_if_interrupted(engine: Engine, source: Source, run_id: int) -> Iterator[None]:
    """Stop run_id's crawls and close its row as interrupted when anything escapes (Ctrl-C, SIGTERM)."""
    try:
        yield
    except BaseException as exc:
        stop_crawls(run_id)
        try:
            interrupt_run(engine, run_id, run_url(source), interruption(exc))
        except Exception:  # the database may be what failed: the source's next run closes the row
            logging.getLogger(__name__).warning("run %d left running", run_id, exc_info=True)
        raise


def close_interrupted_runs(flow: Flow[Any, Any], flow_run: FlowRun, state: State[Any]) -> None:
    """Flow hook (cancelled, crashed): stop this process's crawls and close the flow run's open rows.

    Prefect may run on_cancellation hooks in the runner process after killing the flow's: the rows are
    found by flow run id, and the crawls have died with their parent (newsingest.lifeline).
    """
    stop_crawls()
    why = f"flow run {(state.name or state.type.value).lower()}: {state.message or ''}".strip(": ")
    for run_id in interrupt_flow_run(get_engine(), str(flow_run.id), why):
        logging.getLogger(__name__).warning("closed run %d as interrupted (%s)", run_id, why)


@dataclass(slots=True)
class CrawlStep:
    """What a crawl and the processing during it gave, and how each failed (None: it did not)."""

    outcome: CrawlOutcome | None = None
    processed: ProcessCounts | None = None
    crawl_error: CrawlError | None = None
    process_error: Exception | None = None


def crawl_and_process(source: Source, run_id: int, plan: CrawlPlan, options: RunOptions) -> CrawlStep:
    """Run plan's crawl and process the source's pages while it stores them; errors are returned."""
    step = CrawlStep()
    # On SQLite the crawl slot holds the writer slot: the crawl subprocess and the loader share it, their
    # short transactions queued by BEGIN IMMEDIATE and the busy timeout.
    with crawl_slot(source, options.sqlite):
        running = crawl.submit(plan, options)
        crawl_done = threading.Event()
        running.add_done_callback(lambda _future: crawl_done.set())
        try:
            try:
                # Pages stored by earlier, interrupted runs are processed too: nothing fetched is lost.
                step.processed = process_task(options.process)(source, run_id, options.process, crawl_done)
            except Exception as exc:  # the database may be down: the raw pages stay for the next run
                step.process_error = exc
            try:  # waits for the crawl to end
                step.outcome = running.result()
            except CrawlError as exc:
                step.crawl_error = exc
        except BaseException:
            # Ctrl-C or SIGTERM reach this (the main) thread; the crawl's thread would wait for its
            # subprocess to finish the whole crawl, and Prefect waits for that thread: stop it now.
            stop_crawls(run_id)
            raise
    return step


def summary_counters(summary: dict[str, Any], *outcomes: CrawlOutcome | None) -> dict[str, Any]:
    """Return the JSON counters of a crawl_runs row: failures and drops by class, Scrapy's stats."""
    scrapy_stats: dict[str, Any] = {}
    for outcome in outcomes:
        if outcome is not None:
            scrapy_stats.update(outcome.stats)
    return {k: summary[k] for k in ("failed_by_class", "dropped_by_rule", "undated", "checks")} | {
        "scrapy": scrapy_stats
    }


def publish_summary(key: str, kind: str, summaries: list[dict[str, Any]]) -> None:
    """Publish each source's artifacts (failures tag the run); fail the flow run when a source failed."""
    publish_run_report(key, kind, summaries)
    failed = [s["source"] for s in summaries if s["status"] != "completed"]
    if failed:
        raise RuntimeError(f"{kind} failed for {', '.join(failed)}; see the failures table and the run log")
