"""The crawl subprocess: `python -m newsingest.crawl.main --plan-file F --stats-file S`.

Twisted's reactor cannot be restarted inside one process, so every crawl gets a fresh interpreter. With
`--arguments-on-stdin` the process loads Scrapy first and then reads those arguments as one JSON list on
stdin (newsingest.crawl.runner starts it ahead of the plan); stdin closed without them ends it at once.
"""

import argparse
import json
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

from scrapy.crawler import CrawlerProcess

from newsingest.config import get_settings
from newsingest.crawl.plan import CrawlPlan
from newsingest.crawl.settings import scrapy_settings
from newsingest.crawl.spider import NewsSpider
from newsingest.db.engine import get_engine
from newsingest.memory import peak_rss_kb


def main(argv: list[str] | None = None) -> int:
    """Carry out one crawl plan and write Scrapy's stats as JSON to the stats file."""
    parser = argparse.ArgumentParser(prog="python -m newsingest.crawl.main")
    parser.add_argument("--arguments-on-stdin", action="store_true")
    parser.add_argument("--plan-file", type=Path)
    parser.add_argument("--stats-file", type=Path)
    args = parser.parse_args(argv)
    if args.arguments_on_stdin:
        line = sys.stdin.readline()
        if not line:
            return 0  # started ahead and not needed
        args = parser.parse_args(json.loads(line))
    if args.plan_file is None or args.stats_file is None:
        parser.error("--plan-file and --stats-file are required")
    plan = CrawlPlan.model_validate_json(args.plan_file.read_text(encoding="utf-8"))
    settings = scrapy_settings(plan.source, get_settings())
    # Scheduled requests wait on disk, not in memory: a sitemap index hands over every article of an
    # archive at once, and 100,000 queued requests would hold ~100 MB. The directory lives for this
    # crawl only, so nothing (queue, seen requests) carries over to the next one.
    with tempfile.TemporaryDirectory(prefix="newsingest-queue-") as queue_dir:
        settings["JOBDIR"] = queue_dir
        settings["LOG_INSTALL_ROOT_HANDLER"] = True
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(NewsSpider)
        process.crawl(crawler, plan=plan)
        process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    # Peak resident memory of this crawl (kB on Linux): the size limits must keep bombs from raising it.
    stats["newsingest/peak_rss_kb"] = peak_rss_kb()
    args.stats_file.write_text(json.dumps(stats, default=str), encoding="utf-8")
    return 0


def exit_now(code: int) -> NoReturn:
    """End the process without the interpreter's teardown; call only once everything is written."""
    # Tearing down Scrapy's, Twisted's and SQLAlchemy's modules takes about 0.5 s that every run waits
    # for. The pages are committed and the stats file written by now: close the database connections
    # politely, flush the log, and go.
    if get_engine.cache_info().currsize:  # a crawl process started ahead and not needed made none
        get_engine().dispose()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    exit_now(main())
