"""Metadata floor: title, published day and authors on the hand-labelled pages, per part (a tunes, b validates)."""

import json
import os
from pathlib import Path

import pytest

from newsingest.evaluation.dataset import eval_root
from newsingest.evaluation.labels import FIELDS, load_labels, run_metadata_eval

BASELINE = json.loads(Path(__file__).with_name("baseline.json").read_text(encoding="utf-8"))["metadata"]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true")


def test_the_label_set_is_large_and_varied() -> None:
    labels = load_labels()
    assert len(labels) >= 60
    assert len({label.set_name for label in labels}) == 3
    assert len({(label.set_name, label.doc_id) for label in labels}) == len(labels)
    for label in labels:
        assert label.title == " ".join(label.title.split()) and "&" not in label.title.replace("& ", "")
        assert all("@" not in name for name in label.authors)


def test_metadata_accuracy_does_not_regress() -> None:
    sets = {label.set_name for label in load_labels()}
    missing = [name for name in sets if not (eval_root() / name / "ground-truth.json").is_file()]
    if missing:
        if IN_CI:
            pytest.fail(f"evaluation sets missing: {missing}")
        pytest.skip(f"evaluation sets missing: {missing}")
    report = run_metadata_eval().as_dict()
    print(json.dumps(report["all"], ensure_ascii=False, indent=1))
    for part, floors in BASELINE.items():
        for name in FIELDS:
            assert report[part][name] >= floors[name], (part, name, report[part][name])
