"""Quality floor: extract_article's scores on each evaluation set and part must not drop below the baseline.

Parts are split by site (a tunes, b validates): a change that only helps the sites it was tuned on shows
up as a drop on b.
"""

import json
import os
from importlib.metadata import version
from pathlib import Path

import pytest

from newsingest.evaluation import run_eval
from newsingest.evaluation.dataset import EvalDoc, decode_html, eval_root, load_dataset, site_of
from newsingest.evaluation.metric import Score, shingle_counts, snippet_counts

BASELINE = json.loads(Path(__file__).with_name("baseline.json").read_text(encoding="utf-8"))
TOLERANCE = 0.002  # run-to-run noise is nil (deterministic); this only absorbs library patch releases
IN_CI = os.environ.get("CI", "").lower() in ("1", "true")
ROOT = Path(__file__).parents[2]


def test_metric_matches_the_reference_scorer() -> None:
    tp, fp, fn, tn = snippet_counts(["a  b", "c"], ["d e", "x"], "a b\nd\ne")
    assert (tp, fp, fn, tn) == (1, 1, 1, 1)
    assert snippet_counts(["a"], ["b"], "") == (0, 0, 1, 1)
    score = Score.of([(3, 1, 1, 2), (1, 0, 1, 1)])
    assert round(score.f1, 4) == round(8 / (8 + 1 + 2), 4)
    assert decode_html("é".encode("latin-1") + b' <meta charset="latin-1">') == 'é <meta charset="latin-1">'


def test_shingle_metric_matches_the_reference_scorer() -> None:
    # score.py --nfc: \w+ tokens in NFC, 4-gram multisets; P and R averaged over documents.
    assert shingle_counts("one two three four five", "one two three four six") == (1, 1, 1, 0)
    assert shingle_counts("Cafe\u0301 ouvert", "Café ouvert") == (1, 0, 0, 0)  # decomposed truth
    assert shingle_counts("", "") == (0, 0, 0, 0)
    score = Score.averaged([(1, 1, 1, 0), (2, 0, 2, 0), (0, 0, 3, 0)])
    assert score.precision == pytest.approx((0.5 + 1.0) / 2)  # the empty output is not averaged
    assert score.recall == pytest.approx((0.5 + 0.5 + 0.0) / 3)


def test_parts_are_split_by_site_not_by_page() -> None:
    assert (
        site_of("https://www.example.org/a/1", "x") == site_of("http://example.org/b/2", "y") == "example.org"
    )
    assert site_of(None, "page-7") == "page-7"
    pages = [EvalDoc(f"p{i}", f"https://www.news.example/{i}") for i in range(20)]
    assert len({page.half for page in pages}) == 1
    assert {page.site for page in pages} == {"news.example"}


def _require(data_dir: Path) -> None:
    if not (data_dir / "ground-truth.json").is_file():
        message = f"evaluation set missing at {data_dir} (set NEWSINGEST_EVAL_DIR)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


@pytest.mark.parametrize("name", sorted(BASELINE["sets"]))
def test_extraction_quality_does_not_regress(name: str) -> None:
    data_dir = eval_root() / name
    _require(data_dir)
    docs = load_dataset(data_dir)
    assert len({(doc.site, doc.half) for doc in docs}) == len({doc.site for doc in docs})
    # Plain trafilatura's scores are stored with the release they were measured on; scoring it again here
    # would double the gate's cost, so it runs only when another release is installed.
    live_reference = (
        name == "trafilatura-eval" and version("trafilatura") != BASELINE["reference_trafilatura"]
    )
    names = ("newsingest", "trafilatura-no-comments") if live_reference else ("newsingest",)
    report = run_eval(data_dir, jobs=2, names=names)
    for part, expected in BASELINE["sets"][name]["parts"].items():
        ours = report.scores[part]["newsingest"]
        floor = expected["newsingest"]
        assert ours.docs == expected["docs"], (name, part)
        for metric in ("f1", "precision", "recall"):
            assert getattr(ours.score, metric) >= floor[metric] - TOLERANCE, (
                name,
                part,
                metric,
                ours.as_dict(),
            )
        assert ours.empty_where_reference_not <= floor["empty_where_reference_not"], (name, part)
        if name == "trafilatura-eval":
            reference = (
                report.scores[part]["trafilatura-no-comments"].score.f1
                if live_reference
                else expected["trafilatura-no-comments"]["f1"]
            )
            assert ours.score.f1 > reference, f"newsingest must beat plain trafilatura on part {part}"
