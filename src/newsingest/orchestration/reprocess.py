"""The reprocess flow: re-extract stored pages with the current code and rules, without the network."""

import time
from contextlib import nullcontext
from datetime import date
from typing import Any

from prefect import flow, get_run_logger, task

from newsingest.config import get_settings
from newsingest.db.engine import get_engine
from newsingest.db.runs import finish_run
from newsingest.orchestration.limits import ensure_limits, writer_slot
from newsingest.orchestration.progress import Progress
from newsingest.orchestration.run_options import RunOptions
from newsingest.orchestration.source_run import (
    close_interrupted_runs,
    closed_if_interrupted,
    day_range,
    load_selected,
    open_run,
    publish_summary,
    summary_counters,
)
from newsingest.orchestration.summary import source_summary
from newsingest.process import ProcessCounts
from newsingest.process.options import ProcessOptions
from newsingest.process.reextract import reprocess_source
from newsingest.sources import Source


@task(name="reprocess", task_run_name="reprocess-{source.slug}")
def reprocess_task(
    source: Source,
    run_id: int,
    since: date | None,
    until: date | None,
    extractor_version_below: int | None,
    options: ProcessOptions,
    dask_address: str | None = None,
) -> ProcessCounts:
    """Reprocess one source's stored pages, reporting progress; on Dask when dask_address is not None."""
    start = day_range(since, since)[0] if since else None
    end = day_range(until, until)[1] if until else None
    progress = Progress(f"reprocess-{source.slug}", source.slug, f"Reprocess of {source.slug}")
    with _extractor(dask_address, options) as extractor:
        counts = reprocess_source(
            get_engine(),
            source,
            run_id,
            since=start,
            until=end,
            extractor_version_below=extractor_version_below,
            options=options,
            progress=progress.report,
            extractor=extractor,
        )
    get_run_logger().info("reprocessed %s: %s", source.slug, counts.as_dict())
    return counts


def _extractor(dask_address: str | None, options: ProcessOptions) -> Any:
    """A Dask cluster's extractor (address "" : a LocalCluster for the run), or None: the process pool."""
    if dask_address is None:
        return nullcontext(None)
    from newsingest.process.dask_extract import dask_extractor

    return dask_extractor(dask_address, options)


@flow(
    name="reprocess",
    log_prints=True,
    on_cancellation=[close_interrupted_runs],
    on_crashed=[close_interrupted_runs],
)
def reprocess(
    sources: list[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    extractor_version_below: int | None = None,
    sources_file: str | None = None,
    dask: bool = False,
) -> list[dict[str, Any]]:
    """Re-run extract/clean/enrich/load over stored pages of articles published since..until.

    With dask, pages are extracted on the Dask scheduler at NEWSINGEST_DASK_ADDRESS, or on a LocalCluster
    started for the run when that is empty (the `dask` extra: prefect-dask).
    """
    engine = get_engine()
    options = RunOptions.from_settings(get_settings())
    summaries = []
    selected = load_selected(sources, sources_file, options.sources_file)
    ensure_limits(selected)
    for source in selected:
        params = {
            "since": str(since),
            "until": str(until),
            "extractor_version_below": extractor_version_below,
        }
        run_id = open_run(engine, source, "reprocess", params, options)
        started = time.monotonic()
        with closed_if_interrupted(engine, source, run_id):
            with writer_slot(options.sqlite):
                counts = reprocess_task(
                    source,
                    run_id,
                    since,
                    until,
                    extractor_version_below,
                    options.process,
                    options.dask_address if dask else None,
                )
            summary = source_summary(
                source.slug, run_id, "completed", None, counts, time.monotonic() - started
            )
            finish_run(engine, run_id, "completed", summary, summary_counters(summary))
        summaries.append(summary)
    publish_summary("reprocess-summary", "reprocess", summaries)
    return summaries
