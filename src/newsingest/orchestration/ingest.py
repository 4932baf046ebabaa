"""The ingest flow: crawl each source in a subprocess, then extract, clean, enrich and load its pages."""

import time
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.runtime import flow_run

from newsingest.config import get_settings
from newsingest.crawl.runner import CrawlError, CrawlOutcome, run_crawl
from newsingest.db.engine import get_engine
from newsingest.db.failures import record_failure
from newsingest.db.runs import finish_run, start_run, sync_source
from newsingest.orchestration.summary import artifact_rows, source_summary
from newsingest.process import ProcessCounts, process_pending
from newsingest.sources import Source, load_sources, select_sources


@task(name="crawl", task_run_name="crawl-{source.slug}")
def crawl_source(source: Source, run_id: int) -> CrawlOutcome:
    """Run the source's Scrapy crawl in a subprocess, relaying its log to the run log."""
    logger = get_run_logger()
    levels = {"CRITICAL": 50, "ERROR": 40, "WARNING": 30, "INFO": 20, "DEBUG": 10}

    def relay(level: str, line: str) -> None:
        # Scrapy's INFO chatter (every stats line) stays at DEBUG; warnings and errors reach the UI.
        logger.log(levels[level] if levels[level] >= 30 else 10, line)

    outcome = run_crawl(source, run_id, relay)
    logger.info(
        "crawled %s: %d discovered, %d already known, %d pages stored",
        source.slug,
        outcome.counter("discovered"),
        outcome.counter("skipped_known"),
        outcome.counter("pages_stored"),
    )
    return outcome


@task(name="process", task_run_name="process-{source.slug}", retries=2, retry_delay_seconds=[2, 10])
def process_source(source: Source, run_id: int) -> ProcessCounts:
    """Extract, clean, enrich and load the source's unprocessed pages."""
    counts = process_pending(get_engine(), source, run_id, batch_size=get_settings().process_batch_size)
    get_run_logger().info("processed %s: %s", source.slug, counts.as_dict())
    return counts


def ingest_source(source: Source, kind: str, params: dict[str, Any]) -> dict[str, Any]:
    """Crawl and process one source, recording the run; failures are recorded, never raised."""
    engine = get_engine()
    logger = get_run_logger()
    sync_source(engine, source)
    run_id = start_run(engine, source.slug, kind, params, str(flow_run.get_id() or "") or None)
    started = time.monotonic()
    crawl: CrawlOutcome | None = None
    processed: ProcessCounts | None = None
    error: str | None = None
    try:
        crawl = crawl_source(source, run_id)
    except CrawlError as exc:
        error = str(exc)
        logger.error("%s", exc)
        with engine.begin() as conn:
            record_failure(
                conn,
                source=source.slug,
                run_id=run_id,
                stage="crawl",
                url=source.entry_urls()[0],
                error_class="CrawlError",
                detail=error,
            )
    try:
        # Pages stored by earlier, interrupted runs are processed too: nothing fetched is lost.
        processed = process_source(source, run_id)
    except Exception as exc:  # the database may be down: keep the raw pages for the next run
        error = f"{error}; " if error else ""
        error += f"processing failed: {type(exc).__name__}: {exc}"
        logger.error("%s", error)
    status = "completed" if error is None else "failed"
    summary = source_summary(source.slug, run_id, status, crawl, processed, time.monotonic() - started, error)
    finish_run(
        engine,
        run_id,
        status,
        summary,
        {k: summary[k] for k in ("failed_by_class", "dropped_by_rule")}
        | {"scrapy": crawl.stats if crawl else {}},
    )
    return summary


@flow(name="ingest", log_prints=True)
def ingest(
    sources: list[str] | None = None,
    sources_file: str | None = None,
    kind: str = "scheduled",
) -> list[dict[str, Any]]:
    """Ingest the named sources (default: every enabled source) and publish a summary artifact."""
    path = Path(sources_file) if sources_file else get_settings().sources_file
    selected = select_sources(load_sources(path), sources)
    params = {"sources": [s.slug for s in selected], "kind": kind}
    summaries = [ingest_source(source, kind, params) for source in selected]
    create_table_artifact(
        key="ingest-summary",
        table=artifact_rows(summaries),
        description=f"newsingest {kind} run: per-source counts (new, updated, duplicates, failures, drops).",
    )
    failed = [s["source"] for s in summaries if s["status"] != "completed"]
    if failed:
        raise RuntimeError(f"ingest failed for {', '.join(failed)}; see the failures table and the run log")
    return summaries
