"""Smoke run of `python -m bench.e2e_real` on 12 real pages: every side stores every page, all ratios print.

Speed is not checked: CI machines are shared.
"""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.bench, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
PAGES = 12


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    """Run the benchmark once for every test of this module."""
    out = tmp_path_factory.mktemp("bench") / "e2e_real.json"
    command = [sys.executable, "-m", "bench.e2e_real", "--limit", str(PAGES), "--fixed-runs", "1"]
    finished = subprocess.run(
        [*command, "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8")), finished.stdout


def test_every_side_reads_the_feed_and_stores_every_page(run: tuple[dict[str, Any], str]) -> None:
    document, _ = run
    rows = {row["side"]: row for row in document["rows"]}
    assert set(rows) == {"ours", "single", "two"}
    for row in rows.values():
        assert row["pages"] == PAGES and row["seconds"] > 0 and row["cpu_seconds"] > 0
    # Bare trafilatura keeps any text; ours fetched every page and keeps what its checks let through
    # (pages declaring one canonical URL are one article).
    assert rows["single"]["stored"] == rows["two"]["stored"] == PAGES
    assert rows["ours"]["details"]["fetched"] == PAGES and 0 < rows["ours"]["stored"] <= PAGES


def test_both_ratios_and_the_fixed_cost_are_printed(run: tuple[dict[str, Any], str]) -> None:
    document, stdout = run
    ratios = {ratio["ratio"]: ratio for ratio in document["ratios"]}
    assert {name: r["target"] for name, r in ratios.items()} == {"ours / single": 1.5, "ours / two": 1.0}
    assert all(r["verdict"] in ("pass", "miss") and r["value"] > 0 for r in ratios.values())
    fixed = document["fixed_cost"]
    assert fixed["stored"] == [1] and fixed["seconds"] > fixed["fixed_seconds"] > 0
    assert fixed["target_seconds"] == 3.0
    assert "ours / two" in stdout and "fixed cost of a run" in stdout
