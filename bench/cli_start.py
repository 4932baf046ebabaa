"""Start-up of the quick commands: median wall and CPU time of each, and what it imports, beside floors.

    python -m bench.cli_start [--runs 7] [--no-data] [--instructions]

Each command runs as operators run it: the installed `newsingest` script in a fresh process, against a
SQLite database that holds the demo's articles (filled once by `newsingest demo`; `--no-data` keeps it
empty). Runs go round the commands, so drift on a shared machine hits each alike; CPU time (user + system)
drifts less than wall time when other work shares the cores. One more run of each, inside a probe, lists
the modules it imported; with `--instructions`, one more run under valgrind counts the machine
instructions it executes, which no other load on the machine changes. Floors beside them: the interpreter
alone; Typer with the pydantic it converts options with (every command with options pays both); SQLAlchemy
Core, which the database listings read through; and SQLAlchemy's ORM, which they no longer import. Prints
JSON, then a table; the target is 0.3 s of wall time.
"""

import argparse
import compileall
import json
import os
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from bench.report import emit

TARGET_S = 0.3
SCRIPT = Path(sys.executable).with_name("newsingest")
HEAVY = (
    "typer",
    "pydantic",
    "yaml",
    "rich",
    "sqlalchemy",
    "sqlalchemy.orm",
    "sqlalchemy.dialects.postgresql",
    "httpx",
    "prefect",
    "scrapy",
    "trafilatura",
)
FLOORS = {
    "python": "pass",
    "python: import typer": "import typer",
    # Typer 0.29 converts option values with pydantic TypeAdapters, imported when a command parses.
    "python: import typer, pydantic": "import typer, typer._adapters",
    "python: import sqlalchemy": "import sqlalchemy",
    "python: import sqlalchemy.orm": "import sqlalchemy.orm",
}
# Runs main() as the console script does, then writes the exit code and every module loaded.
PROBE = """
import json, sys
from newsingest.cli import main
try:
    main(sys.argv[2:])
except SystemExit as exit:
    code = exit.code
with open(sys.argv[1], "w") as out:
    json.dump({"code": code, "modules": sorted(sys.modules)}, out)
"""


def _commands(article_id: int | None) -> list[list[str]]:
    show = ["show", str(article_id if article_id is not None else 1)]
    return [["--help"], ["sources"], ["articles"], ["status"], ["failures"], show]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _seconds(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, int]:
    """Return the wall and CPU seconds of one run of command, and its exit code."""
    cpu, started = _cpu(), time.perf_counter()
    finished = subprocess.run(command, env=env, cwd=cwd, capture_output=True, check=False)
    return time.perf_counter() - started, _cpu() - cpu, finished.returncode


def _instructions(command: list[str], env: dict[str, str], cwd: Path) -> int:
    """Return how many machine instructions one run of command executes (valgrind's callgrind)."""
    finished = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    counted = re.search(r"Collected : (\d+)", finished.stderr)
    if counted is None:
        raise RuntimeError(f"valgrind counted nothing for {command}: {finished.stderr[-500:]}")
    return int(counted.group(1))


def _modules(args: list[str], env: dict[str, str], cwd: Path) -> list[str]:
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        subprocess.run(
            [sys.executable, "-c", PROBE, report.name, *args],
            env=env,
            cwd=cwd,
            capture_output=True,
            check=True,
        )
        modules: list[str] = json.loads(Path(report.name).read_text(encoding="utf-8"))["modules"]
    return modules


def _fill(env: dict[str, str], workdir: Path, database: Path) -> int | None:
    """Ingest the demo site into the database and return its newest article's id."""
    print("[bench] filling the database with `newsingest demo`", file=sys.stderr, flush=True)
    subprocess.run([str(SCRIPT), "demo"], env=env, cwd=workdir, capture_output=True, check=True)
    with closing(sqlite3.connect(database)) as conn:
        row = conn.execute("select max(id) from articles").fetchone()
    return int(row[0]) if row and row[0] is not None else None


def measure(runs: int, fill: bool, workdir: Path, instructions: bool = False) -> list[dict[str, Any]]:
    """Return one row per command and floor: median, fastest and every run's seconds, CPU, imports."""
    database = workdir / "newsingest.db"
    env = {**os.environ, "NEWSINGEST_DATABASE_URL": f"sqlite:///{database}"}
    env["PREFECT_HOME"] = str(workdir / "prefect")
    subprocess.run([str(SCRIPT), "db", "upgrade"], env=env, cwd=workdir, capture_output=True, check=True)
    article_id = _fill(env, workdir, database) if fill else None
    timed: dict[str, list[str]] = {
        "newsingest " + " ".join(c): [str(SCRIPT), *c] for c in _commands(article_id)
    }
    timed |= {name: [sys.executable, "-c", code] for name, code in FLOORS.items()}
    seconds: dict[str, list[float]] = {name: [] for name in timed}
    cpu: dict[str, list[float]] = {name: [] for name in timed}
    codes: dict[str, int] = {}
    for command in timed.values():  # a first run of each fills the file cache and is not counted
        _seconds(command, env, workdir)
    for _ in range(runs):
        for name, command in timed.items():
            took, used, codes[name] = _seconds(command, env, workdir)
            seconds[name].append(took)
            cpu[name].append(used)
    rows = []
    for name, command in timed.items():
        is_floor = name in FLOORS
        modules = [] if is_floor else _modules(command[1:], env, workdir)
        median = statistics.median(seconds[name])
        rows.append(
            {
                "command": name,
                "median_s": round(median, 3),
                "min_s": round(min(seconds[name]), 3),
                "cpu_s": round(statistics.median(cpu[name]), 3),
                "instructions_m": (
                    round(_instructions(command, env, workdir) / 1e6) if instructions else None
                ),
                "exit_code": codes[name],
                "modules": len(modules) if modules else None,
                "heavy_imports": " ".join(p for p in HEAVY if p in modules) or "-",
                "target_s": None if is_floor else TARGET_S,
                "verdict": "floor" if is_floor else ("pass" if median <= TARGET_S else "miss"),
                "all_s": [round(s, 3) for s in seconds[name]],
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    """Measure, then print the JSON and the table."""
    parser = argparse.ArgumentParser(prog="python -m bench.cli_start", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command (median)")
    parser.add_argument("--no-data", action="store_true", help="an empty database instead of the demo's")
    parser.add_argument(
        "--instructions", action="store_true", help="also count each command's instructions (valgrind)"
    )
    args = parser.parse_args(argv)
    if args.instructions and shutil.which("valgrind") is None:
        parser.error("--instructions needs valgrind on PATH")
    # As an installed package has them: no measured run should compile our modules.
    import newsingest

    compileall.compile_dir(Path(newsingest.__file__).parent, quiet=1)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="newsingest-cli-start-") as workdir:
        rows = measure(args.runs, not args.no_data, Path(workdir), args.instructions)
    machine = {
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_after": os.getloadavg()[0],
    }
    columns = ["command", "median_s", "min_s", "cpu_s", "exit_code", "modules", "heavy_imports", "verdict"]
    if args.instructions:
        columns.insert(4, "instructions_m")
    emit("cli_start", rows, {"runs": args.runs, "target_s": TARGET_S, "machine": machine}, columns)
    return 0


if __name__ == "__main__":
    sys.exit(main())
