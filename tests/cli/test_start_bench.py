"""Smoke run of `python -m bench.cli_start`: every quick command and floor timed, its imports listed."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.bench
ROOT = Path(__file__).resolve().parents[2]


def test_the_start_up_benchmark_times_every_quick_command_and_lists_its_imports() -> None:
    finished = subprocess.run(
        [sys.executable, "-m", "bench.cli_start", "--runs", "1", "--no-data"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    document = json.JSONDecoder().raw_decode(finished.stdout)[0]  # the JSON, then the table
    rows = {row["command"]: row for row in document["rows"]}
    quick = ["--help", "sources", "articles", "status", "failures"]
    assert {f"newsingest {c}" for c in quick} | {"newsingest show 1", "python"} <= set(rows)
    for command in quick:
        row = rows[f"newsingest {command}"]
        assert row["exit_code"] == 0 and row["median_s"] > 0 and row["verdict"] in ("pass", "miss")
        assert row["modules"] > 0 and row["cpu_s"] > 0
    assert "prefect" not in rows["newsingest articles"]["heavy_imports"]
    for command in ["articles", "status", "failures", "show 1"]:  # read through Core, not the ORM
        assert "sqlalchemy.orm" not in rows[f"newsingest {command}"]["heavy_imports"].split()
    assert {"python: import sqlalchemy", "python: import sqlalchemy.orm"} <= set(rows)
    assert rows["newsingest show 1"]["exit_code"] == 1  # an empty database: not found
