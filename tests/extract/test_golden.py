"""Golden fixtures: each saved page must extract to exactly its expected JSON (regenerate.py rewrites them)."""

import json
from pathlib import Path

import pytest
from tests.fixtures.regenerate import expected_of

GOLDEN = Path(__file__).parents[1] / "fixtures" / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.json"))


@pytest.mark.parametrize("name", CASES)
def test_golden_page(name: str) -> None:
    record = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    html = (GOLDEN / f"{name}.html").read_text(encoding="utf-8")
    assert expected_of(html, record["meta"]["url"]) == record["expected"]


def test_golden_set_is_not_empty() -> None:
    assert len(CASES) >= 5
