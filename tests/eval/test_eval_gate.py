"""Quality floor: extract_article's snippet scores on the evaluation set must not drop below the baseline."""

import json
import os
from pathlib import Path

import pytest

from newsingest.evaluation import default_data_dir, run_eval
from newsingest.evaluation.dataset import decode_html
from newsingest.evaluation.metric import Score, snippet_counts

BASELINE = json.loads(Path(__file__).with_name("baseline.json").read_text(encoding="utf-8"))
TOLERANCE = 0.002  # run-to-run noise is nil (deterministic); this only absorbs library patch releases
IN_CI = os.environ.get("CI", "").lower() in ("1", "true")


def test_metric_matches_the_reference_scorer() -> None:
    tp, fp, fn, tn = snippet_counts(["a  b", "c"], ["d e", "x"], "a b\nd\ne")
    assert (tp, fp, fn, tn) == (1, 1, 1, 1)
    assert snippet_counts(["a"], ["b"], "") == (0, 0, 1, 1)
    score = Score.of([(3, 1, 1, 2), (1, 0, 1, 1)])
    assert round(score.f1, 4) == round(8 / (8 + 1 + 2), 4)
    assert decode_html("é".encode("latin-1") + b' <meta charset="latin-1">') == 'é <meta charset="latin-1">'


def test_extraction_quality_does_not_regress() -> None:
    data_dir = default_data_dir()
    if not (data_dir / "ground-truth.json").is_file():
        message = f"evaluation set missing at {data_dir} (set NEWSINGEST_EVAL_DIR)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    report = run_eval(data_dir, jobs=2, names=("newsingest", "trafilatura-no-comments"))
    ours = report.scores["all"]["newsingest"]
    floor = BASELINE["newsingest"]
    assert ours.docs == BASELINE["docs"]
    for metric in ("f1", "precision", "recall"):
        assert getattr(ours.score, metric) >= floor[metric] - TOLERANCE, (metric, ours.as_dict())
    assert ours.empty_where_reference_not <= floor["empty_where_reference_not"], ours.as_dict()
    reference = report.scores["all"]["trafilatura-no-comments"].score
    assert ours.score.f1 > reference.f1, "newsingest must beat plain trafilatura on the same run"
