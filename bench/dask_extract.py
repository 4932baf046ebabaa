"""Reprocess on the run's process pool against reprocess on Dask, over the same stored pages.

    python -m bench.dask_extract [--articles 2000] [--repeats 1]

The synthetic site is backfilled once into a PostgreSQL database; every measured run reprocesses a copy of
it (`CREATE DATABASE … TEMPLATE`) with `newsingest reprocess` as an operator runs it, against a Prefect
server on PostgreSQL (bench.workpool). Sides: `pool` (NEWSINGEST_EXTRACT_WORKERS processes of the run),
`dask-local` (`--dask` with no address: a LocalCluster started and stopped by the run) and `dask-address`
(`--dask` with NEWSINGEST_DASK_ADDRESS: a scheduler and workers started before the timing, as a long-lived
cluster is). CPU is user + system time of the command and everything under it, plus, for dask-address,
what the cluster's processes spent meanwhile; for dask-local it is a lower bound, since the extraction
processes of the LocalCluster's workers outlive them when the cluster is shut down and are never reaped
here. Prints JSON, then a table.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psutil
import psycopg
from sqlalchemy.engine import make_url

from bench.report import emit
from bench.workpool import DEFAULT_POSTGRES, LocalPool, drop_database, free_port
from sitegen import SiteSpec, SyntheticSite
from sitegen.source import synthetic_source

START = date(2022, 1, 1)
PREFECT_DATABASE = "newsingest_prefect_dask_bench"
FILLED = "newsingest_dask_bench_filled"
COPY = "newsingest_dask_bench_run"
SIDES = ("pool", "dask-local", "dask-address")
COLUMNS = ("side", "pages", "wall_s", "pages_per_s", "cpu_s")


def _reaped_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _live_cpu(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


@contextmanager
def dask_cluster(env: dict[str, str], workers: int) -> Iterator[tuple[str, list[psutil.Process]]]:
    """Run `dask scheduler` and `dask worker` processes; yield the address and the processes."""
    address = f"tcp://127.0.0.1:{free_port()}"
    dask = Path(sys.executable).with_name("dask")
    scheduler = subprocess.Popen(
        [
            str(dask),
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            address.rpartition(":")[2],
            "--dashboard-address",
            ":0",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = subprocess.Popen(
        [str(dask), "worker", address, "--nworkers", str(workers), "--nthreads", "1", "--no-dashboard"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        from distributed import Client

        with Client(address, timeout=60) as client:  # type: ignore[no-untyped-call]
            client.wait_for_workers(workers, timeout=120)
        tree = [psutil.Process(p.pid) for p in (scheduler, worker)]
        tree += [child for p in tree for child in p.children(recursive=True)]
        yield address, tree
    finally:
        for process in (worker, scheduler):
            process.terminate()
            process.wait(timeout=60)


def _database(postgres: str, name: str, driver: str = "postgresql") -> str:
    return make_url(postgres).set(drivername=driver, database=name).render_as_string(hide_password=False)


def run_side(
    pool: LocalPool, side: str, command: list[str], cluster: tuple[str, list[psutil.Process]]
) -> dict[str, Any]:
    """Reprocess a fresh copy of the filled database on one side; return what it took."""
    with psycopg.connect(_database(pool.postgres, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{COPY}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{COPY}" TEMPLATE "{FILLED}"')
    env = {**pool.env, "NEWSINGEST_DATABASE_URL": _database(pool.postgres, COPY, "postgresql+psycopg")}
    if side == "dask-address":
        env["NEWSINGEST_DASK_ADDRESS"] = cluster[0]
    live = cluster[1] if side == "dask-address" else []
    cpu, live_cpu = _reaped_cpu(), _live_cpu(live)
    started = time.perf_counter()
    flags = ["--dask"] if side != "pool" else []
    done = subprocess.run([*command, *flags], env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{side}: reprocess exited {done.returncode}: {done.stderr[-2000:]}")
    # The cluster's workers start their extraction processes on first use: count those born meanwhile too.
    after = live + [c for p in live if p.is_running() for c in p.children(recursive=True) if c not in live]
    cpu = _reaped_cpu() - cpu + _live_cpu(after) - live_cpu
    with psycopg.connect(_database(pool.postgres, COPY)) as conn:
        row = conn.execute("SELECT count(*) FROM articles").fetchone()
    pages = int(row[0]) if row else 0
    return {
        "side": side,
        "pages": pages,
        "wall_s": round(wall, 1),
        "pages_per_s": round(pages / wall, 1),
        "cpu_s": round(cpu, 1),
    }


def main(argv: list[str] | None = None) -> None:
    """Measure reprocess on the process pool and on Dask; print JSON and a table."""
    parser = argparse.ArgumentParser(prog="python -m bench.dask_extract", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles on the synthetic site")
    parser.add_argument("--repeats", type=int, default=1, help="runs of each side (median)")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES, help="server of the scratch databases")
    args = parser.parse_args(argv)
    from newsingest.config import get_settings

    workers = get_settings().extract_workers
    until = START + timedelta(days=19)
    spec = SiteSpec(args.articles, seed=1, start=START, end=until)
    load = [round(x, 2) for x in os.getloadavg()]
    runs: list[dict[str, Any]] = []
    with (
        tempfile.TemporaryDirectory(prefix="bench-dask-") as home,
        LocalPool(
            Path(home, "pool"),
            prefect_database=PREFECT_DATABASE,
            store_database=FILLED,
            postgres=args.postgres_url,
            register=False,
        ) as pool,
    ):
        sources_file = Path(home, "sources.yaml")
        with SyntheticSite(spec, log_requests=False) as site:
            source = synthetic_source(site.base_url, max_pages=10 * args.articles)
            sources_file.write_text("sources:\n- " + source.model_dump_json() + "\n", encoding="utf-8")
            print(f"backfilling {args.articles} articles once…", file=sys.stderr)
            pool.run(
                [
                    sys.executable,
                    "-m",
                    "newsingest",
                    "backfill",
                    "--source",
                    source.slug,
                    "--since",
                    START.isoformat(),
                    "--until",
                    until.isoformat(),
                    "--sources-file",
                    str(sources_file),
                ],
                timeout=7200,
            )
        command = [
            sys.executable,
            "-m",
            "newsingest",
            "reprocess",
            "--source",
            source.slug,
            "--sources-file",
            str(sources_file),
        ]
        with dask_cluster(pool.env, workers) as cluster:
            for _ in range(args.repeats):
                for side in SIDES:
                    print(f"reprocess on {side}…", file=sys.stderr)
                    runs.append(run_side(pool, side, command, cluster))
                    print(f"  {runs[-1]}", file=sys.stderr)
        drop_database(pool.postgres, COPY)
    rows = []
    for side in SIDES:
        mine = [r for r in runs if r["side"] == side]
        rows.append({"side": side, **{k: statistics.median(r[k] for r in mine) for k in COLUMNS[1:]}})
    pool_rate = rows[0]["pages_per_s"]
    extra = {
        "extract_workers": workers,
        "cores": os.cpu_count(),
        "load_average_before": load,
        "vs_pool": {row["side"]: round(row["pages_per_s"] / pool_rate, 2) for row in rows},
        "runs": runs,
    }
    emit("dask_extract", rows, extra, COLUMNS)


if __name__ == "__main__":
    main()
