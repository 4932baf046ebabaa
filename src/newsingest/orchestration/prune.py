"""The prune flow: delete old raw pages that no stored article, version or pending extraction needs."""

from dataclasses import asdict

from prefect import flow, get_run_logger

from newsingest.db.engine import get_engine
from newsingest.db.retention import prune_pages

DEFAULT_KEEP_DAYS = 30


@flow(name="prune", log_prints=True)
def prune(keep_days: int = DEFAULT_KEEP_DAYS) -> dict[str, int]:
    """Prune raw pages fetched more than keep_days ago and return the counts."""
    # No writer slot: each batch is a short transaction, and SQLite writers queue on the busy timeout.
    counts = asdict(prune_pages(get_engine(), keep_days))
    get_run_logger().info("pruned raw pages older than %d days: %s", keep_days, counts)
    return counts
