"""Crawl stage: pages/s of NewsSpider storing raw pages beside a bare Scrapy spider that discards them.

    python -m bench.crawl --side ours|bare --base-url URL --articles N --result-file F   (one measured run)

Both run as a crawl subprocess with the same Scrapy settings (concurrency, AutoThrottle, timeouts) against
the same site; seconds are the subprocess's wall time, as a flow waits for it.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.databases import sqlite_workdir
from bench.memory import write_result
from bench.sides import measure_sides, summarize

# newsingest's own middlewares and pipeline: the bare spider runs on stock Scrapy.
OURS_ONLY = (
    "DOWNLOADER_MIDDLEWARES",
    "ITEM_PIPELINES",
    "NEWSINGEST_PRIVATE_HOSTS",
    "NEWSINGEST_RETRY_AFTER_MAX",
)


def _ours(base_url: str, articles: int, workdir: Path) -> dict[str, Any]:
    from sqlalchemy import func, select

    from newsingest.config import get_settings
    from newsingest.crawl.plan import CrawlPlan
    from newsingest.crawl.runner import run_crawl
    from newsingest.db.engine import get_engine
    from newsingest.db.migrate import upgrade
    from newsingest.db.models import Page
    from newsingest.db.runs import start_run, sync_source
    from sitegen.source import synthetic_source

    upgrade(os.environ["NEWSINGEST_DATABASE_URL"])
    source = synthetic_source(base_url, max_pages=articles)
    engine = get_engine()
    sync_source(engine, source)
    run_id = start_run(engine, source.slug, "manual", {}, None)
    started = time.perf_counter()
    plan = CrawlPlan(source=source, run_id=run_id, mode="ingest")
    settings = get_settings()
    outcome = run_crawl(plan, lambda level, line: None, settings.database_url, timeout=settings.crawl_timeout)
    seconds = time.perf_counter() - started
    with engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(Page)).scalar_one()
    return {
        "processed": stored,
        "seconds": seconds,
        "crawl_seconds": outcome.stats.get("elapsed_time_seconds"),
        "requests": outcome.stats.get("downloader/request_count"),
        "crawl_peak_rss_mib": round(outcome.counter("peak_rss_kb") / 1024, 1),
    }


def bare_settings(base_url: str, articles: int) -> dict[str, Any]:
    """Return our crawl's Scrapy settings without newsingest's middlewares and pipeline."""
    from newsingest.config import get_settings
    from newsingest.crawl.settings import scrapy_settings
    from sitegen.source import synthetic_source

    ours = scrapy_settings(synthetic_source(base_url, max_pages=articles), get_settings())
    return {key: value for key, value in ours.items() if key not in OURS_ONLY}


def _bare(base_url: str, articles: int, workdir: Path) -> dict[str, Any]:
    from sitegen import ARTICLE_PATTERN
    from sitegen.source import synthetic_source

    settings_file, stats_file = workdir / "settings.json", workdir / "stats.json"
    settings_file.write_text(json.dumps(bare_settings(base_url, articles)), encoding="utf-8")
    command = [sys.executable, "-m", "bench.bare_spider", "--settings-file", str(settings_file)]
    command += ["--stats-file", str(stats_file), "--pattern", ARTICLE_PATTERN]
    for url in synthetic_source(base_url).entry_urls():
        command += ["--entry", url]
    started = time.perf_counter()
    subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    stats = json.loads(stats_file.read_text(encoding="utf-8"))
    return {
        "processed": stats.get("bare/pages", 0),
        "seconds": seconds,
        "crawl_seconds": stats.get("elapsed_time_seconds"),
        "requests": stats.get("downloader/request_count"),
        "crawl_peak_rss_mib": round(stats["bare/peak_rss_kb"] / 1024, 1),
    }


def measure(n: int, base_url: str, repeats: int) -> list[dict[str, Any]]:
    """Return the rows of both sides, each run repeats times in alternating order."""
    common = ["--base-url", base_url, "--articles", str(n)]
    runs = measure_sides(
        "bench.crawl", {"ours": ["--side", "ours", *common], "bare": ["--side", "bare", *common]}, repeats
    )
    return [summarize(n, "crawl", side, "pages/s", side_runs) for side, side_runs in runs.items()]


def main(argv: list[str] | None = None) -> None:
    """Carry out one measured crawl and write its result."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", choices=("ours", "bare"), required=True)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--result-file", type=Path, required=True)
    args = parser.parse_args(argv)
    run = _ours if args.side == "ours" else _bare
    # A fresh database per run: nothing is known yet, so every article is fetched.
    with sqlite_workdir("crawl") as workdir:
        write_result(args.result_file, run(args.base_url, args.articles, workdir))


if __name__ == "__main__":
    main()
