"""The ingest flow: crawl each source in a subprocess while extracting, cleaning and loading its pages."""

import logging
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prefect import Flow, flow, get_run_logger
from prefect.client.schemas.objects import FlowRun, State
from prefect.exceptions import TerminationSignal
from prefect.runtime import flow_run
from sqlalchemy import Engine

from newsingest.config import get_settings
from newsingest.crawl.plan import CrawlPlan
from newsingest.crawl.runner import CrawlError, CrawlOutcome, stop_crawls
from newsingest.db.engine import get_engine
from newsingest.db.failures import record_failure
from newsingest.db.runs import (
    close_abandoned_runs,
    finish_run,
    interrupt_flow_run,
    interrupt_run,
    run_url,
    start_run,
    sync_source,
)
from newsingest.orchestration.checks import failed_checks
from newsingest.orchestration.failure_report import publish_run_report
from newsingest.orchestration.limits import crawl_slot, ensure_limits, source_run_slot
from newsingest.orchestration.summary import source_summary
from newsingest.orchestration.tasks import crawl, process
from newsingest.orchestration.verdict import judge_run
from newsingest.process import ProcessCounts
from newsingest.sources import Source, load_sources, select_sources


def load_selected(sources: list[str] | None, sources_file: str | None) -> list[Source]:
    """Return the named sources from sources_file (default: the configured file)."""
    path = Path(sources_file) if sources_file else get_settings().sources_file
    return select_sources(load_sources(path), sources)


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


def open_run(engine: Engine, source: Source, kind: str, params: dict[str, Any]) -> int:
    """Close the source's abandoned runs (killed, crashed), then start this one; return its id."""
    for run_id in close_abandoned_runs(engine, source, stale_after=get_settings().crawl_timeout):
        get_run_logger().warning(
            "closed run %d of %s as interrupted: no process works on it", run_id, source.slug
        )
    return start_run(engine, source.slug, kind, params, current_flow_run_id())


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


def crawl_and_process(source: Source, run_id: int, plan: CrawlPlan) -> CrawlStep:
    """Run plan's crawl and process the source's pages while it stores them; errors are returned."""
    step = CrawlStep()
    # On SQLite the crawl slot holds the writer slot: the crawl subprocess and the loader share it, their
    # short transactions queued by BEGIN IMMEDIATE and the busy timeout.
    with crawl_slot(source):
        running = crawl.submit(plan)
        crawl_done = threading.Event()
        running.add_done_callback(lambda _future: crawl_done.set())
        try:
            try:
                # Pages stored by earlier, interrupted runs are processed too: nothing fetched is lost.
                step.processed = process(source, run_id, crawl_done)
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


def ingest_source(source: Source, kind: str, params: dict[str, Any]) -> dict[str, Any]:
    """Crawl and process one source, recording the run; failures are recorded, never raised."""
    engine = get_engine()
    sync_source(engine, source)
    run_id = open_run(engine, source, kind, params)
    with closed_if_interrupted(engine, source, run_id):
        return _ingest_run(engine, source, run_id)


def _ingest_run(engine: Engine, source: Source, run_id: int) -> dict[str, Any]:
    logger = get_run_logger()
    started = time.monotonic()
    step = crawl_and_process(source, run_id, CrawlPlan(source=source, run_id=run_id, mode="ingest"))
    errors = []
    if step.crawl_error is not None:
        errors.append(str(step.crawl_error))
        record_crawl_error(source, run_id, step.crawl_error)
    if step.process_error is not None:
        errors.append(f"processing failed: {type(step.process_error).__name__}: {step.process_error}")
    # A crawl that finished is judged by the source's checks: reaching nothing is a failure, not a success.
    checks = []
    if step.crawl_error is None and step.outcome is not None:
        checks = judge_run(engine, source, run_id, step.outcome)
    errors += [f"check {check.name} failed: {check.detail}" for check in failed_checks(checks)]
    error = "; ".join(errors) or None
    if error is not None:
        logger.error("%s", error)
    status = "completed" if error is None else "failed"
    summary = source_summary(
        source.slug, run_id, status, step.outcome, step.processed, time.monotonic() - started, error, checks
    )
    finish_run(engine, run_id, status, summary, summary_counters(summary, step.outcome))
    return summary


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


@flow(
    name="ingest",
    log_prints=True,
    on_cancellation=[close_interrupted_runs],
    on_crashed=[close_interrupted_runs],
)
def ingest(
    sources: list[str] | None = None,
    sources_file: str | None = None,
    kind: str = "scheduled",
) -> list[dict[str, Any]]:
    """Ingest the named sources (default: every enabled source) and publish a summary artifact."""
    selected = load_selected(sources, sources_file)
    ensure_limits(selected)
    params = {"sources": [s.slug for s in selected], "kind": kind}
    summaries = []
    for source in selected:
        with source_run_slot(source):  # a second run of this source waits for this one
            summaries.append(ingest_source(source, kind, params))
    publish_summary("ingest-summary", kind, summaries)
    return summaries
