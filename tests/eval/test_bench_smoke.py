"""The speed benchmark runs on a few pages and prints its JSON summary (shape only, not speed)."""

import json
import os

import pytest
from bench.extract_speed import main

from newsingest.evaluation import default_data_dir


def test_benchmark_prints_its_summary(capsys: pytest.CaptureFixture[str]) -> None:
    if not (default_data_dir() / "ground-truth.json").is_file():
        if os.environ.get("CI", "").lower() in ("1", "true"):
            pytest.fail(f"evaluation set missing at {default_data_dir()}")
        pytest.skip("evaluation set missing")
    assert main(["--limit", "3", "--repeats", "1"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["pages"] == 3
    assert set(summary["docs_per_s"]) == {"newsingest", "job", "trafilatura"}
    assert summary["time_ratio"] > 0 and summary["job_ratio"] > 0 and summary["target_ratio"] == 1.0
