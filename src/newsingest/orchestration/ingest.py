"""The ingest flow: crawl each source in a subprocess while extracting, cleaning and loading its pages."""

import time
from typing import Any

from prefect import flow, get_run_logger
from sqlalchemy import Engine

from newsingest.config import get_settings
from newsingest.crawl.plan import CrawlPlan
from newsingest.db.engine import get_engine
from newsingest.db.runs import finish_run
from newsingest.orchestration.checks import failed_checks
from newsingest.orchestration.limits import ensure_limits, source_run_slot
from newsingest.orchestration.run_options import RunOptions
from newsingest.orchestration.source_run import (
    close_interrupted_runs,
    closed_if_interrupted,
    crawl_and_process,
    load_selected,
    open_run,
    publish_summary,
    record_crawl_error,
    summary_counters,
)
from newsingest.orchestration.summary import source_summary
from newsingest.orchestration.verdict import judge_run
from newsingest.sources import Source


def ingest_source(source: Source, kind: str, params: dict[str, Any], options: RunOptions) -> dict[str, Any]:
    """Crawl and process one source, recording the run; failures are recorded, never raised."""
    engine = get_engine()
    run_id = open_run(engine, source, kind, params, options)
    with closed_if_interrupted(engine, source, run_id):
        return _ingest_run(engine, source, run_id, options)


def _ingest_run(engine: Engine, source: Source, run_id: int, options: RunOptions) -> dict[str, Any]:
    logger = get_run_logger()
    started = time.monotonic()
    plan = CrawlPlan(source=source, run_id=run_id, mode="ingest")
    step = crawl_and_process(source, run_id, plan, options)
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
    options = RunOptions.from_settings(get_settings())
    selected = load_selected(sources, sources_file, options.sources_file)
    ensure_limits(selected)
    params = {"sources": [s.slug for s in selected], "kind": kind}
    summaries = []
    for source in selected:
        with source_run_slot(source):  # a second run of this source waits for this one
            summaries.append(ingest_source(source, kind, params, options))
    publish_summary("ingest-summary", kind, summaries)
    return summaries
