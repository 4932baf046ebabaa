"""Prefect tasks shared by the flows: a crawl subprocess, and processing of stored pages."""

import threading

from prefect import get_run_logger, task
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


# No cache policy: crawl_done cannot be hashed into a cache key, and a processing run is never reused.
@task(
    name="process",
    task_run_name="process-{source.slug}",
    retries=2,
    retry_delay_seconds=[2, 10],
    cache_policy=NO_CACHE,
)
def process(
    source: Source, run_id: int, options: ProcessOptions, crawl_done: threading.Event | None = None
) -> ProcessCounts:
    """Extract, clean and load the source's unprocessed pages; with crawl_done, as a crawl stores them."""
    counts = process_pending(get_engine(), source, run_id, options, crawl_done=crawl_done)
    get_run_logger().info("processed %s: %s", source.slug, counts.as_dict())
    return counts
