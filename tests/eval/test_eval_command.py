"""`newsingest eval`: each set's parts side by side with trafilatura's modes, tables within 80 columns."""

import json
import shutil
from pathlib import Path

import pytest

from newsingest.evaluation.dataset import eval_root
from tests.cli.helpers import one_line_error, run_newsingest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "newsingest"


def _needs(name: str) -> None:
    if not (eval_root() / name / "ground-truth.json").is_file():
        pytest.skip(f"evaluation set {name} missing")


def test_eval_prints_tuning_and_validation_parts_within_80_columns() -> None:
    _needs("readability-edge")
    result = run_newsingest("eval", "--data", "readability-edge", "--limit", "6", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(map(len, lines)) <= 80, max(lines, key=len)
    rows = {tuple(line.split()[:2]) for line in lines}
    for part in ("all", "a", "b"):
        for name in ("newsingest", "trafilatura", "trafilatura-no-comments", "trafilatura-precision"):
            assert (part, name) in rows, (part, name)
    assert "word 4-grams" in lines[0]


def test_eval_json_has_the_parts_and_the_metadata_fields() -> None:
    _needs("newspaper4k-pages")
    result = run_newsingest("eval", "--data", "metadata", "--json")
    assert result.returncode == 0, result.stderr
    metadata = json.loads(result.stdout)["metadata"]
    assert set(metadata) == {"all", "a", "b"}
    assert metadata["all"]["pages"] >= 60 and metadata["all"]["sites"] >= 40
    assert {"title", "published_day", "authors"} <= set(metadata["b"])


def test_an_unknown_set_is_a_usage_mistake() -> None:
    result = run_newsingest("eval", "--data", "/nonexistent/set")
    assert result.returncode == 2
    assert "no evaluation set" in one_line_error(result)


def test_without_data_outside_a_checkout_the_error_names_both_ways_to_give_it(tmp_path: Path) -> None:
    # A copy of the package outside any checkout, as an installed one is: no evaluation data beside it.
    site_packages = tmp_path / "site-packages"
    shutil.copytree(PACKAGE, site_packages / "newsingest", ignore=shutil.ignore_patterns("__pycache__"))
    env = {"PYTHONPATH": str(site_packages), "NEWSINGEST_EVAL_DIR": ""}
    for args in (["eval"], ["eval", "--data", "readability-edge"], ["eval", "--data", "metadata"]):
        result = run_newsingest(*args, env=env, cwd=tmp_path)
        assert result.returncode == 2, (args, result.stderr)
        error = one_line_error(result)
        assert "--data DIR" in error and "NEWSINGEST_EVAL_DIR" in error, error
