"""`newsingest run` beside two plain loops on a local site of real pages, and the fixed cost of a run.

    python -m bench.e2e_real [--eval-dir D] [--sets trafilatura-eval] [--limit N] [--repeats 1]
                             [--fixed-runs 3] [--writer parent|each] [--out FILE]

Serves the evaluation pages behind an RSS feed (bench.real_site) and starts a Prefect server (SQLite,
its own home, no scheduler). Then, in alternating order, each side reads the feed, fetches every page
and stores what it extracts in a fresh SQLite file: `ours` is the `newsingest run` command on a database
already migrated, with PREFECT_API_URL at the running server; `single` and `two` are bench.bare_loops
with 1 and 2 processes. Each side's seconds are the wall time of its whole command, interpreter start
included; its CPU is that of the command's process tree, plus the Prefect server's for ours. Rates are
pages listed in the feed per second. Then the fixed cost: `newsingest run` of a source whose feed lists
one page, on a migrated database, minus the crawl's own engine time. Prints JSON, then tables.
"""

import argparse
import json
import os
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
import yaml

from bench.real_site import DEFAULT_EVAL_DIR, DEFAULT_SETS, FEED, ONE_FEED, served_real_site
from bench.report import print_table
from bench.workpool import wait_healthy

SCRIPT = Path(sys.executable).with_name("newsingest")
TARGETS = {"ours / single": 1.5, "ours / two": 1.0}
FIXED_TARGET_S = 3.0
SIDES = ("ours", "single", "two")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cpu_of(pid: int) -> float:
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system + times.children_user + times.children_system


@contextmanager
def prefect_server(home: Path) -> Iterator[tuple[str, int]]:
    """Start `prefect server start` on a free port with its own home; yield its API URL and pid."""
    from newsingest import lifeline

    port = _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",  # nothing here is scheduled
        "PREFECT_API_URL": "",
    }
    command = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1"]
    tied = lifeline.command([*command[1:], "--port", str(port), "--no-ui"], signal.SIGTERM)
    with (home / "server.log").open("ab") as log:
        server = subprocess.Popen(tied, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_healthy(api_url, server, log=lambda: f"see {home / 'server.log'}")
        yield api_url, server.pid
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


class _CpuByKind:
    """The last CPU time seen of each process of a tree, summed by what the process is."""

    KINDS = (("newsingest.crawl.main", "crawl"), ("newsingest.process.worker", "extraction_workers"))

    def __init__(self) -> None:
        """Start with nothing seen."""
        self.seen: dict[int, tuple[str, float]] = {}

    def _kind(self, process: psutil.Process, root: int) -> str:
        if process.pid == root:
            return "command"
        command = " ".join(process.cmdline())
        return next((kind for module, kind in self.KINDS if module in command), "other")

    def sample(self, root: int, done: threading.Event) -> None:
        """Record the tree's CPU times every 0.1 s until done (a process's last 0.1 s may be missed)."""
        while not done.is_set():
            try:
                tree = psutil.Process(root)
                for process in [tree, *tree.children(recursive=True)]:
                    times = process.cpu_times()
                    kind = (
                        self.seen[process.pid][0] if process.pid in self.seen else self._kind(process, root)
                    )
                    self.seen[process.pid] = (kind, times.user + times.system)
            except psutil.Error:  # a process ended between listing and reading
                pass
            done.wait(0.1)

    def totals(self) -> dict[str, float]:
        """Return {kind: CPU seconds}."""
        totals: dict[str, float] = {}
        for kind, cpu in self.seen.values():
            totals[kind] = round(totals.get(kind, 0.0) + cpu, 2)
        return totals


def _sources_file(workdir: Path, base_url: str, pages: int) -> Path:
    def source(slug: str, feed: str, max_pages: int) -> dict[str, Any]:
        return {
            "slug": slug,
            "name": f"Real pages ({slug})",
            "domain": "127.0.0.1",
            "base_url": base_url,
            "feeds": [feed],
            "max_pages": max_pages,
            "download_delay": 0,  # a local site needs no politeness delay
            "allow_private_hosts": ["127.0.0.1"],
        }

    path = workdir / "sources.yaml"
    document = {"sources": [source("realpages", FEED, pages + 10), source("realone", ONE_FEED, 10)]}
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


class Runner:
    """Runs the sides as commands with the environment they share, and times each."""

    def __init__(self, workdir: Path, base_url: str, api_url: str, server_pid: int, pages: int) -> None:
        """Remember where things are; write the sources file."""
        self.workdir, self.base_url, self.server_pid = workdir, base_url, server_pid
        self.sources_file = _sources_file(workdir, base_url, pages)
        self.env = {
            **os.environ,
            "PREFECT_API_URL": api_url,
            "PREFECT_HOME": str(workdir / "prefect-client"),
            "NEWSINGEST_LOG_LEVEL": "WARNING",  # Scrapy's per-page lines would cost time and fill the log
        }
        self.count = 0

    def _database(self, migrated: bool) -> tuple[Path, dict[str, str]]:
        self.count += 1
        path = self.workdir / f"run-{self.count}.db"
        env = {**self.env, "NEWSINGEST_DATABASE_URL": f"sqlite:///{path}"}
        if migrated:
            subprocess.run([str(SCRIPT), "db", "upgrade"], env=env, check=True, capture_output=True)
        return path, env

    def _timed(self, command: list[str], env: dict[str, str], with_server: bool) -> dict[str, Any]:
        cpu, server_cpu = _children_cpu(), _cpu_of(self.server_pid)
        started = time.perf_counter()
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        done, seen = threading.Event(), _CpuByKind()
        sampler = threading.Thread(target=seen.sample, args=(process.pid, done), daemon=True)
        sampler.start()
        _, errors = process.communicate()
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        if process.returncode != 0:
            tail = "\n".join(errors.strip().splitlines()[-15:])
            raise RuntimeError(f"{' '.join(command[:4])} exited with {process.returncode}:\n{tail}")
        cpu = _children_cpu() - cpu
        by_kind = seen.totals()
        if with_server:
            by_kind["prefect_server"] = round(_cpu_of(self.server_pid) - server_cpu, 2)
            cpu += by_kind["prefect_server"]
        return {"seconds": seconds, "cpu_seconds": cpu, "cpu_by_process": by_kind}

    def ours(self, slug: str = "realpages") -> dict[str, Any]:
        """Run `newsingest run --source slug` on a migrated database; return its timing and counts."""
        database, env = self._database(migrated=True)
        command = [str(SCRIPT), "run", "--source", slug, "--sources-file", str(self.sources_file)]
        timing = self._timed(command, env, with_server=True)
        return {**timing, **_our_counts(database)}

    def bare(self, processes: int, writer: str) -> dict[str, Any]:
        """Run the plain loop with 1 or 2 processes; return its timing and counts."""
        database, env = self._database(migrated=False)
        command = [sys.executable, "-m", "bench.bare_loops", "--feed", self.base_url + FEED]
        command += ["--database", str(database), "--processes", str(processes), "--writer", writer]
        timing = self._timed(command, env, with_server=False)
        return {**timing, **_bare_counts(database)}


def _query(database: Path, sql: str) -> Any:
    import sqlite3

    with sqlite3.connect(database) as connection:
        return connection.execute(sql).fetchone()


def _our_counts(database: Path) -> dict[str, Any]:
    pages = _query(database, "SELECT count(*) FROM pages")[0]
    articles = _query(database, "SELECT count(*) FROM articles")[0]
    failures = _query(database, "SELECT count(*) FROM failures")[0]
    (counters,) = _query(database, "SELECT counters FROM crawl_runs ORDER BY id DESC LIMIT 1")
    engine = json.loads(counters or "{}").get("scrapy", {}).get("elapsed_time_seconds")
    return {"fetched": pages, "stored": articles, "failed": failures, "crawl_engine_seconds": engine}


def _bare_counts(database: Path) -> dict[str, Any]:
    return {"stored": _query(database, "SELECT count(*) FROM articles")[0]}


def _row(side: str, listed: int, runs: list[dict[str, Any]]) -> dict[str, Any]:
    seconds = statistics.median(run["seconds"] for run in runs)
    cpu = statistics.median(run["cpu_seconds"] for run in runs)
    return {
        "side": side,
        "pages": listed,
        "stored": min(run["stored"] for run in runs),
        "seconds": round(seconds, 2),
        "pages_per_s": round(listed / seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "cpu_ms_per_page": round(1000 * cpu / listed, 1),
        "repeats": len(runs),
        "all_seconds": [round(run["seconds"], 2) for run in runs],
        "details": {k: v for k, v in runs[-1].items() if k not in ("seconds", "cpu_seconds", "stored")},
    }


def _ratios(rows: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    ratios = []
    for name, target in TARGETS.items():
        baseline = rows[name.split(" / ")[1]]
        value = rows["ours"]["pages_per_s"] / baseline["pages_per_s"]
        cpu = rows["ours"]["cpu_seconds"] / baseline["cpu_seconds"]
        verdict = "pass" if value >= target else "miss"
        ratios.append(
            {
                "ratio": name,
                "value": round(value, 3),
                "target": target,
                "verdict": verdict,
                "cpu": round(cpu, 3),
            }
        )
    return ratios


def _fixed(runner: Runner, runs: int) -> dict[str, Any]:
    """Return the fixed cost of `newsingest run`: a one-page run's wall time minus its crawl's engine time."""
    samples = [runner.ours("realone") for _ in range(runs)]
    fixed = [s["seconds"] - (s["crawl_engine_seconds"] or 0.0) for s in samples]
    return {
        "runs": runs,
        "seconds": round(statistics.median(s["seconds"] for s in samples), 2),
        "crawl_engine_seconds": round(
            statistics.median(s["crawl_engine_seconds"] or 0.0 for s in samples), 2
        ),
        "fixed_seconds": round(statistics.median(fixed), 2),
        "cpu_seconds": round(statistics.median(s["cpu_seconds"] for s in samples), 2),
        "target_seconds": FIXED_TARGET_S,
        "verdict": "pass" if statistics.median(fixed) < FIXED_TARGET_S else "miss",
        "all_fixed_seconds": [round(f, 2) for f in fixed],
        "cpu_by_process": samples[-1]["cpu_by_process"],
        "stored": [s["stored"] for s in samples],
    }


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """Serve the site, start the server, run every side and the fixed-cost runs; return the document."""
    from bench.real_site import page_paths

    listed = len(page_paths(args.eval_dir, args.sets, args.limit))
    load_before = os.getloadavg()
    with (
        tempfile.TemporaryDirectory(prefix="newsingest-bench-e2e-real-") as tmp,
        served_real_site(args.eval_dir, args.sets, args.limit) as base_url,
        prefect_server(Path(tmp)) as (api_url, server_pid),
    ):
        runner = Runner(Path(tmp), base_url, api_url, server_pid, listed)
        runner.ours("realone")  # warm-up: the server's first flow run creates its flow and task rows
        runs: dict[str, list[dict[str, Any]]] = {side: [] for side in SIDES}
        measure_side: dict[str, Callable[[], dict[str, Any]]] = {
            "ours": runner.ours,
            "single": lambda: runner.bare(1, args.writer),
            "two": lambda: runner.bare(2, args.writer),
        }
        for round_number in range(args.repeats):
            for side in SIDES if round_number % 2 == 0 else reversed(SIDES):
                print(f"[bench] {side} ({round_number + 1}/{args.repeats})", file=sys.stderr, flush=True)
                runs[side].append(measure_side[side]())
        print("[bench] fixed cost", file=sys.stderr, flush=True)
        fixed = _fixed(runner, args.fixed_runs)
    rows = {side: _row(side, listed, runs[side]) for side in SIDES}
    return {
        "benchmark": "e2e_real",
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
        "config": {
            "sets": args.sets,
            "limit": args.limit,
            "repeats": args.repeats,
            "writer": args.writer,
            "fixed_runs": args.fixed_runs,
        },
        "rows": list(rows.values()),
        "ratios": _ratios(rows),
        "fixed_cost": fixed,
    }


def main(argv: list[str] | None = None) -> int:
    """Measure, print the JSON and the tables, and write the JSON to --out when given."""
    parser = argparse.ArgumentParser(prog="python -m bench.e2e_real", description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--sets", default=",".join(DEFAULT_SETS), help="comma-separated evaluation sets")
    parser.add_argument("--limit", type=int, default=None, help="serve the first N pages only")
    parser.add_argument("--repeats", type=int, default=1, help="runs of each side (median)")
    parser.add_argument("--fixed-runs", type=int, default=3, help="one-page runs for the fixed cost")
    parser.add_argument("--writer", choices=("parent", "each"), default="parent", help="two-process loop")
    parser.add_argument("--out", type=Path, default=None, help="also write the JSON here")
    args = parser.parse_args(argv)
    args.sets = [s for s in args.sets.split(",") if s]
    document = measure(args)
    text = json.dumps(document, indent=2)
    print(text)
    if args.out is not None:
        args.out.write_text(text + "\n", encoding="utf-8")
    columns = ("side", "pages", "stored", "seconds", "pages_per_s", "cpu_ms_per_page")
    print_table("newsingest run beside plain loops (pages listed / wall s)", document["rows"], columns)
    print_table("ratios (ours / loop)", document["ratios"])
    cpu = [{"run": row["side"], **row["details"]["cpu_by_process"]} for row in document["rows"][:1]]
    cpu.append({"run": "fixed cost", **document["fixed_cost"]["cpu_by_process"]})
    kinds = ("run", "command", "crawl", "extraction_workers", "other", "prefect_server")
    print_table("CPU seconds of newsingest run, by process", cpu, kinds)
    fixed = {k: v for k, v in document["fixed_cost"].items() if not isinstance(v, list | dict)}
    print_table("fixed cost of a run (one-page source, Prefect server running)", [fixed])
    return 0


if __name__ == "__main__":
    sys.exit(main())
