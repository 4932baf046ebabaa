"""End-to-end stage: articles/s of the ingest flow from an empty database, then again with nothing new.

    python -m bench.e2e --base-url URL --articles N --result-file F   (one measured pair of runs)

SQLite in a temporary folder, Prefect's local ephemeral API with its own fresh database; the API's
start-up (10-20 s) happens before the timing, as it does once per worker in production.
"""

import argparse
import os
import time
from pathlib import Path
from typing import Any

import yaml

from bench.databases import sqlite_workdir
from bench.memory import write_result
from bench.sides import measure_sides, summarize


def _ingest(sources_file: Path) -> tuple[float, dict[str, Any]]:
    from newsingest.orchestration.ingest import ingest

    started = time.perf_counter()
    [summary] = ingest(sources=["synthetic"], sources_file=str(sources_file), kind="manual")
    return time.perf_counter() - started, summary


def _stored_articles() -> int:
    from sqlalchemy import func, select

    from newsingest.db.engine import get_engine
    from newsingest.db.models import Article

    with get_engine().connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Article)).scalar_one())


def _crawl_seconds(run_id: int) -> float | None:
    """Return the Scrapy engine time of a run's crawl, to show how much of the run the crawl took."""
    from sqlalchemy import select

    from newsingest.db.engine import get_engine
    from newsingest.db.models import CrawlRun

    with get_engine().connect() as conn:
        counters = conn.execute(select(CrawlRun.counters).where(CrawlRun.id == run_id)).scalar_one()
    seconds = counters.get("scrapy", {}).get("elapsed_time_seconds")
    return round(seconds, 2) if seconds is not None else None


def _start_prefect() -> None:
    from prefect import flow

    @flow(name="bench-warm-up")
    def warm_up() -> None:
        """Do nothing: running it starts the ephemeral API."""

    warm_up()


def _run(base_url: str, articles: int, workdir: Path) -> dict[str, Any]:
    from newsingest.db.migrate import upgrade
    from newsingest.prefect_env import apply_prefect_defaults
    from sitegen.source import synthetic_source

    apply_prefect_defaults()
    upgrade(os.environ["NEWSINGEST_DATABASE_URL"])
    source = synthetic_source(base_url, max_pages=articles)
    sources_file = workdir / "sources.yaml"
    sources_file.write_text(yaml.safe_dump({"sources": [source.model_dump(mode="json")]}), encoding="utf-8")
    _start_prefect()
    first_seconds, first = _ingest(sources_file)
    stored = _stored_articles()
    second_seconds, second = _ingest(sources_file)
    counts = ("fetched", "new", "duplicates", "failed", "not_modified")
    return {
        "processed": stored,
        "seconds": first_seconds,
        "second_seconds": second_seconds,
        "second_new": _stored_articles() - stored,
        # How the first run's seconds split: the crawl subprocess's engine time; the rest is processing.
        "first_crawl_seconds": _crawl_seconds(first["run_id"]),
        "first": {key: first.get(key) for key in counts},
        "second": {key: second.get(key) for key in counts},
    }


def measure(n: int, base_url: str, repeats: int) -> list[dict[str, Any]]:
    """Return the rows of the first run (articles/s) and of the run with nothing new (seconds)."""
    runs = measure_sides("bench.e2e", {"ingest": ["--base-url", base_url, "--articles", str(n)]}, repeats)
    first = summarize(n, "e2e", "first", "articles/s", runs["ingest"])
    second = summarize(n, "e2e", "second", "articles/s", runs["ingest"], ("second_seconds", "second_new"))
    return [first, second]


def main(argv: list[str] | None = None) -> None:
    """Run the ingest flow twice on an empty database and write the result."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--result-file", type=Path, required=True)
    args = parser.parse_args(argv)
    with sqlite_workdir("e2e") as workdir:
        # Prefect's own database, fresh: concurrency limits live there, and a shared one would make this
        # run wait for the slots of any other flow on the machine ingesting a 127.0.0.1 source.
        os.environ["PREFECT_HOME"] = str(workdir / "prefect")
        write_result(args.result_file, _run(args.base_url, args.articles, workdir))


if __name__ == "__main__":
    main()
