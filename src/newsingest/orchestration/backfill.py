"""The backfill flow: fetch and load sources' articles of a date range, in this run or as chunk runs."""

from datetime import date
from typing import Any

from prefect import flow

from newsingest.config import get_settings
from newsingest.orchestration.backfill_run import backfill_source
from newsingest.orchestration.fanout import fan_out_backfill
from newsingest.orchestration.limits import ensure_limits
from newsingest.orchestration.run_options import RunOptions
from newsingest.orchestration.source_run import (
    close_interrupted_runs,
    day_range,
    load_selected,
    publish_summary,
)


@flow(
    name="backfill",
    log_prints=True,
    on_cancellation=[close_interrupted_runs],
    on_crashed=[close_interrupted_runs],
)
def backfill(
    sources: list[str],
    since: date,
    until: date,
    sources_file: str | None = None,
    chunk_size: int = 200,
    fan_out_days: int = 0,
) -> list[dict[str, Any]]:
    """Fetch and load the sources' articles published from since to until (both days included)."""
    start, end = day_range(since, until)
    options = RunOptions.from_settings(get_settings())
    selected = load_selected(sources, sources_file, options.sources_file)
    ensure_limits(selected)
    if fan_out_days:  # chunk runs of fan_out_days days per source, taken by the work pool's workers
        return fan_out_backfill(selected, since, until, sources_file, chunk_size, fan_out_days)
    summaries = [backfill_source(source, start, end, chunk_size, options) for source in selected]
    publish_summary("backfill-summary", "backfill", summaries)
    return summaries
