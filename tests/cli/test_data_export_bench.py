"""Smoke run of `python -m bench.export` at tiny sizes: every format and database measured, JSON complete.

Speed and memory are not checked here (shared machines); bench/README.md has the numbers of a real run.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import POSTGRES_URL

pytestmark = [pytest.mark.bench, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


def test_every_format_and_database_is_measured_at_every_size(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "bench.export", "--sizes", "200,500", "--text-chars", "300"]
    command += ["--postgres-url", POSTGRES_URL, "--out", str(tmp_path)]
    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stderr[-3000:]
    document = json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))
    measured = {(row["n"], row["database"], row["format"]) for row in document["rows"]}
    assert measured == {
        (n, kind, fmt)
        for n in (200, 500)
        for kind in ("sqlite", "postgresql")
        for fmt in ("jsonl", "csv", "parquet")
    }
    for row in document["rows"]:
        assert row["rows"] == row["n"] and row["seconds"] > 0 and row["output_mib"] >= 0
        assert row["peak_rss_mib"] >= row["rss_before_mib"] > 0
    assert len(document["growth"]) == 6 and all(g["verdict"] in ("pass", "miss") for g in document["growth"])
    assert "peak RSS growth" in finished.stdout
