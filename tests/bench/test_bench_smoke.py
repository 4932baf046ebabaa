"""Smoke run of `python -m bench` at N = 300: the JSON's shape and that every side processed every page.

Speed is not checked: CI machines are shared. PostgreSQL must be reachable (the load stage fails without it).
"""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bench.ratios import TARGETS
from bench.sides import COLUMNS

from tests.conftest import POSTGRES_URL

pytestmark = [pytest.mark.bench, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
N = 300
SAMPLE = 100
SIDES = {
    "crawl": {"ours", "bare"},
    "extract": {"ours_1", "ours_2", "bare_1", "bare_all"},
    "load": {"ours_sqlite", "raw_sqlite", "ours_postgresql", "raw_postgresql"},
    "e2e": {"first", "second"},
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str, Path]:
    """Run the benchmark once for every test of this module."""
    out = tmp_path_factory.mktemp("bench")
    command = [sys.executable, "-m", "bench", "--sizes", str(N), "--repeats", "1", "--slow-repeats", "1"]
    command += ["--extract-sample", str(SAMPLE), "--server-seconds", "1", "--out", str(out)]
    command += ["--postgres-url", POSTGRES_URL]
    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stderr[-3000:]
    return json.loads((out / "latest.json").read_text(encoding="utf-8")), finished.stdout, out


def test_every_stage_and_side_reports_a_full_row(run: tuple[dict[str, Any], str, Path]) -> None:
    document, _, _ = run
    assert {"rows", "ratios", "servers", "machine", "config"} <= set(document)
    sides: dict[str, set[str]] = {}
    for row in document["rows"]:
        assert set(COLUMNS) <= set(row) and row["n"] == N and row["repeats"] == 1
        assert row["peak_rss_mib"] > 0 and row["seconds"] > 0
        sides.setdefault(row["stage"], set()).add(row["side"])
    assert sides == SIDES
    assert document["servers"][0]["article_requests_per_s"] > 0


def test_every_side_processed_every_page(run: tuple[dict[str, Any], str, Path]) -> None:
    rows = {(row["stage"], row["side"]): row for row in run[0]["rows"]}
    for stage in ("crawl", "load"):
        assert all(rows[stage, side]["processed"] == N for side in SIDES[stage])
    for side in SIDES["extract"]:
        row = rows["extract", side]
        assert (
            row["processed"] == row["details"]["sample"] == SAMPLE and row["details"]["extracted"] == SAMPLE
        )
    first, second = rows["e2e", "first"], rows["e2e", "second"]
    assert first["processed"] == N and first["details"]["first"]["fetched"] == N
    assert second["processed"] == 0 and first["details"]["second"]["fetched"] == 0


def test_every_target_ratio_is_printed_with_its_verdict(run: tuple[dict[str, Any], str, Path]) -> None:
    document, stdout, _ = run
    assert {ratio["ratio"] for ratio in document["ratios"]} == {target.name for target in TARGETS}
    assert all(ratio["verdict"] in ("pass", "miss", "info") for ratio in document["ratios"])
    assert "target ratios" in stdout and "PostgreSQL upsert vs raw executemany" in stdout


def test_chart_is_a_png(run: tuple[dict[str, Any], str, Path]) -> None:
    assert (run[2] / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
