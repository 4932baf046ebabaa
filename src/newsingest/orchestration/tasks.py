"""Prefect tasks shared by the flows: a crawl subprocess, and processing of stored pages."""

import threading

from prefect import Task, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from newsingest.crawl.plan import CrawlPlan
from newsingest.crawl.runner import CrawlOutcome, run_crawl
from newsingest.db.engine import get_engine
from newsingest.orchestration.progress import crawl_relay, end_stats
from newsingest.orchestration.run_options import RunOptions
from newsingest.process import ProcessCounts, process_pending
from newsingest.process.options import ProcessOptions
from newsingest.sources import Source


@task(name="crawl", task_run_name="crawl-{plan.source.slug}-{plan.mode}")
def crawl(plan: CrawlPlan, options: RunOptions) -> CrawlOutcome:
    """Run a crawl plan in a subprocess, relaying its progress, warnings and errors to the run log."""
    logger = get_run_logger()
    relay = crawl_relay(logger, plan.source.slug)
    outcome = run_crawl(plan, relay, options.database_url, timeout=options.crawl_timeout)
    logger.info(
        "crawled %s (%s): %d discovered, %d already known, %d pages stored, %d indexes unchanged (304)",
        plan.source.slug,
        plan.mode,
        outcome.counter("discovered"),
        outcome.counter("skipped_known"),
        outcome.counter("pages_stored"),
        outcome.counter("not_modified"),
    )
    logger.info("scrapy stats of %s: %s", plan.source.slug, end_stats(outcome))
    return outcome


# Processing is retried twice, 2 and 10 times the database retries' first delay later (2 s and 10 s by
# default): a database that failed every retry of a batch gets two more chances at the run's pace.
TASK_RETRY_DELAYS = (2.0, 10.0)


# No cache policy: crawl_done cannot be hashed into a cache key, and a processing run is never reused.
@task(
    name="process",
    task_run_name="process-{source.slug}",
    retries=len(TASK_RETRY_DELAYS),
    retry_delay_seconds=list(TASK_RETRY_DELAYS),
    cache_policy=NO_CACHE,
)
def process(
    source: Source, run_id: int, options: ProcessOptions, crawl_done: threading.Event | None = None
) -> ProcessCounts:
    """Extract, clean and load the source's unprocessed pages; with crawl_done, as a crawl stores them."""
    counts = process_pending(get_engine(), source, run_id, options, crawl_done=crawl_done)
    get_run_logger().info("processed %s: %s", source.slug, counts.as_dict())
    return counts


def process_task(options: ProcessOptions) -> Task[..., ProcessCounts]:
    """Return the process task with its retry delays scaled to options' database retry backoff."""
    return process.with_options(
        retry_delay_seconds=[delay * options.db_retry_backoff for delay in TASK_RETRY_DELAYS]
    )
