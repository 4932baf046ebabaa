"""The gate: near-copies and stories on the labelled set, loaded through the real loader (SQLite, PostgreSQL)."""

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from tests.stories.labelled import Item, load_items, shared_dir
from tests.stories.quality import load_and_score

IN_CI = os.environ.get("CI", "").lower() in ("1", "true")
# Targets of the issue; measured values are in docs/stories.md.
DUPLICATES = {"precision": 0.98, "recall": 0.95}
STORIES = {"precision": 0.95, "recall": 0.85}


@pytest.fixture(scope="session")
def labelled() -> Iterator[list[Item]]:
    """The labelled set's items, their texts extracted from the shared pages."""
    if not (shared_dir() / "eval" / "trafilatura-eval" / "ground-truth.json").is_file():
        message = f"shared evaluation pages missing at {shared_dir()} (set NEWSINGEST_EVAL_DIR)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    yield load_items()


def test_the_labelled_set_is_whole(labelled: list[Item]) -> None:
    assert len(labelled) >= 540
    assert len({i.story for i in labelled}) < len(labelled)


def test_duplicates_and_stories_meet_their_targets(engine: Engine, labelled: list[Item]) -> None:
    scores = load_and_score(engine, labelled)
    for name, q in (
        ("duplicates", scores.duplicates),
        ("stories", scores.stories),
        ("rewrites", scores.rewrites),
        ("cross-language", scores.cross_language),
    ):
        print(
            f"{name:15} pairs {q.pairs:4} P {q.precision:.3f} R {q.recall:.3f} F1 {q.f1:.3f} "
            f"B3 P {q.bcubed_precision:.3f} R {q.bcubed_recall:.3f} merges {q.false_merges} missed {q.missed}"
        )
    assert scores.duplicates.precision >= DUPLICATES["precision"], scores.duplicates
    assert scores.duplicates.recall >= DUPLICATES["recall"], scores.duplicates
    assert scores.stories.precision >= STORIES["precision"], scores.stories
    assert scores.stories.recall >= STORIES["recall"], scores.stories
    # Reports of one event in other words (not copies): the hard part of the stories' recall.
    assert scores.rewrites.precision >= STORIES["precision"], scores.rewrites
    assert scores.rewrites.recall >= STORIES["recall"], scores.rewrites
