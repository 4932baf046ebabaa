"""One process worker against two: the same fanned-out backfill of the synthetic site on each.

    python -m bench.workers [--articles 2000] [--days 20] [--fan-out 4] [--repeats 1]

A Prefect server on a PostgreSQL database of its own (bench.workpool), the article store on another, and
`newsingest backfill --fan-out` as an operator runs it: the parent here, the chunk runs on the pool's
workers (one flow run at a time each). Every run starts on an empty store. Sides alternate (1, 2, 2, 1,
…) so that drift on a shared machine hits both. CPU is user + system time of the workers, their flow runs,
crawls and extraction processes and the backfill's parent (all reaped children), the Prefect server's, and
the site's (served from a thread of this process). Prints JSON, then a table.
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psutil
from sqlalchemy import create_engine, text

from bench.report import emit
from bench.workpool import DEFAULT_POSTGRES, LocalPool, recreate_database
from sitegen import SiteSpec, SyntheticSite
from sitegen.source import synthetic_source

START = date(2022, 1, 1)
PREFECT_DATABASE = "newsingest_prefect_bench"
STORE_DATABASE = "newsingest_workers_bench"
COLUMNS = ("workers", "articles", "wall_s", "articles_per_s", "cpu_s", "server_cpu_s", "site_cpu_s")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _stored(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM articles")).scalar_one())
    finally:
        engine.dispose()


def run_once(pool: LocalPool, command: list[str], workers: int) -> dict[str, Any]:
    """Backfill into an empty store with this many workers; return what it took."""
    recreate_database(pool.postgres, STORE_DATABASE)
    pool.run([sys.executable, "-m", "newsingest", "db", "upgrade"])
    names = [f"bench-{i}" for i in range(1, workers + 1)]
    for name in names:
        pool.start_worker(name, limit=1)
    assert pool.server is not None
    server = psutil.Process(pool.server.pid)
    cpu, server_cpu, site_cpu = _children_cpu(), sum(server.cpu_times()[:2]), _own_cpu()
    started = time.perf_counter()
    pool.run(command, timeout=7200)
    wall = time.perf_counter() - started
    site_cpu = _own_cpu() - site_cpu
    server_cpu = sum(server.cpu_times()[:2]) - server_cpu
    for name in names:
        pool.stop_worker(name)  # reaped: their CPU time (and their children's) is counted now
    articles = _stored(pool.store_url)
    return {
        "workers": workers,
        "articles": articles,
        "wall_s": round(wall, 1),
        "articles_per_s": round(articles / wall, 2),
        "cpu_s": round(_children_cpu() - cpu, 1),
        "server_cpu_s": round(server_cpu, 1),
        "site_cpu_s": round(site_cpu, 1),
    }


def _median(runs: list[dict[str, Any]], workers: int) -> dict[str, Any]:
    mine = [r for r in runs if r["workers"] == workers]
    row = {key: statistics.median(r[key] for r in mine) for key in COLUMNS if key != "workers"}
    return {"workers": workers, **row, "wall_all_s": [r["wall_s"] for r in mine]}


def main(argv: list[str] | None = None) -> None:
    """Measure the backfill on one worker and on two; print JSON and a table."""
    parser = argparse.ArgumentParser(prog="python -m bench.workers", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles on the synthetic site")
    parser.add_argument("--days", type=int, default=20, help="days they are spread over (from 2022-01-01)")
    parser.add_argument("--fan-out", type=int, default=4, help="days per chunk run")
    parser.add_argument("--repeats", type=int, default=1, help="runs of each side (median)")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES, help="server of both scratch databases")
    args = parser.parse_args(argv)
    until = START + timedelta(days=args.days - 1)
    spec = SiteSpec(args.articles, seed=1, start=START, end=until)
    order = [1, 2, 2, 1] * args.repeats
    load = os.getloadavg()
    runs: list[dict[str, Any]] = []
    with (
        tempfile.TemporaryDirectory(prefix="bench-workers-") as home,
        SyntheticSite(spec, log_requests=False) as site,
    ):
        source = synthetic_source(site.base_url, max_pages=10 * args.articles)
        sources_file = Path(home, "sources.yaml")
        sources_file.write_text(
            "sources:\n- " + source.model_dump_json() + "\n", encoding="utf-8"
        )  # JSON is YAML
        command = [
            *(sys.executable, "-m", "newsingest", "backfill", "--source", source.slug),
            *("--since", START.isoformat(), "--until", until.isoformat(), "--fan-out", str(args.fan_out)),
            *("--sources-file", str(sources_file)),
        ]
        with LocalPool(
            Path(home, "pool"),
            prefect_database=PREFECT_DATABASE,
            store_database=STORE_DATABASE,
            postgres=args.postgres_url,
        ) as pool:
            for workers in order[: 2 * args.repeats]:
                print(f"backfill of {args.articles} articles on {workers} worker(s)…", file=sys.stderr)
                runs.append(run_once(pool, command, workers))
                print(f"  {runs[-1]}", file=sys.stderr)
    rows = [_median(runs, 1), _median(runs, 2)]
    ratio = round(rows[1]["articles_per_s"] / rows[0]["articles_per_s"], 2)
    extra = {
        "two_vs_one": ratio,
        "chunks": -(-args.days // args.fan_out),
        "cores": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load],
        "runs": runs,
    }
    emit("workers", rows, extra, COLUMNS)
    print(f"two workers / one worker, articles per second: {ratio}")


if __name__ == "__main__":
    main()
