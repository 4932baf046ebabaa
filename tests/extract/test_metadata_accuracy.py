"""Metadata accuracy per field on the golden pages and the hand-written CMS-style pages."""

from pathlib import Path

from newsingest.evaluation.metadata import FIELDS, metadata_accuracy

FIXTURES = Path(__file__).parents[1] / "fixtures"
CASES = sorted((FIXTURES / "golden").glob("*.json")) + sorted((FIXTURES / "metadata").glob("*.json"))


def test_every_metadata_field_is_right_on_every_fixture() -> None:
    accuracy = metadata_accuracy(CASES)
    print("metadata accuracy:", accuracy)
    assert len(CASES) >= 7
    assert accuracy == dict.fromkeys(FIELDS, 1.0)
