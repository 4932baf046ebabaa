"""The ingest flow: crawl each source in a subprocess while extracting, cleaning and loading its pages."""

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger
from prefect.artifacts import create_table_artifact
from prefect.runtime import flow_run

from newsingest.config import get_settings
from newsingest.crawl.plan import CrawlPlan
from newsingest.crawl.runner import CrawlError, CrawlOutcome
from newsingest.db.engine import get_engine
from newsingest.db.failures import record_failure
from newsingest.db.runs import finish_run, start_run, sync_source
from newsingest.orchestration.failure_report import publish_failures
from newsingest.orchestration.limits import crawl_slot, ensure_limits, source_run_slot
from newsingest.orchestration.summary import artifact_rows, source_summary
from newsingest.orchestration.tasks import crawl, process
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
            url=source.entry_urls()[0],
            error_class="CrawlError",
            detail=str(error),
        )


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
            # Pages stored by earlier, interrupted runs are processed too: nothing fetched is lost.
            step.processed = process(source, run_id, crawl_done)
        except Exception as exc:  # the database may be down: the raw pages stay for the next run
            step.process_error = exc
        try:  # waits for the crawl to end
            step.outcome = running.result()
        except CrawlError as exc:
            step.crawl_error = exc
    return step


def ingest_source(source: Source, kind: str, params: dict[str, Any]) -> dict[str, Any]:
    """Crawl and process one source, recording the run; failures are recorded, never raised."""
    engine = get_engine()
    logger = get_run_logger()
    sync_source(engine, source)
    run_id = start_run(engine, source.slug, kind, params, current_flow_run_id())
    started = time.monotonic()
    step = crawl_and_process(source, run_id, CrawlPlan(source=source, run_id=run_id, mode="ingest"))
    errors = []
    if step.crawl_error is not None:
        errors.append(str(step.crawl_error))
        record_crawl_error(source, run_id, step.crawl_error)
    if step.process_error is not None:
        errors.append(f"processing failed: {type(step.process_error).__name__}: {step.process_error}")
    error = "; ".join(errors) or None
    if error is not None:
        logger.error("%s", error)
    status = "completed" if error is None else "failed"
    summary = source_summary(
        source.slug, run_id, status, step.outcome, step.processed, time.monotonic() - started, error
    )
    finish_run(engine, run_id, status, summary, summary_counters(summary, step.outcome))
    return summary


def summary_counters(summary: dict[str, Any], *outcomes: CrawlOutcome | None) -> dict[str, Any]:
    """Return the JSON counters of a crawl_runs row: failures and drops by class, Scrapy's stats."""
    scrapy_stats: dict[str, Any] = {}
    for outcome in outcomes:
        if outcome is not None:
            scrapy_stats.update(outcome.stats)
    return {k: summary[k] for k in ("failed_by_class", "dropped_by_rule", "undated")} | {
        "scrapy": scrapy_stats
    }


def publish_summary(key: str, kind: str, summaries: list[dict[str, Any]]) -> None:
    """Publish the run's table and failures artifacts; fail the flow run when a source failed."""
    publish_failures(f"{key}-failures", summaries)
    create_table_artifact(
        key=key,
        table=artifact_rows(summaries),
        description=f"newsingest {kind} run: per-source counts (new, updated, duplicates, failures, drops).",
    )
    failed = [s["source"] for s in summaries if s["status"] != "completed"]
    if failed:
        raise RuntimeError(f"{kind} failed for {', '.join(failed)}; see the failures table and the run log")


@flow(name="ingest", log_prints=True)
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
