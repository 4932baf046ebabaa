"""Score several extractors on the same pages in one run, over a pool of worker processes."""

import os
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsingest.evaluation.dataset import EvalDoc, load_dataset, load_html
from newsingest.evaluation.extractors import EXTRACTORS, REFERENCE
from newsingest.evaluation.metric import Score, shingle_counts, snippet_counts

SUBSETS = ("all", "a", "b")  # the whole set, the tuning part, the validation part (split by site)

WARMUP_HTML = (
    "<html><body><article><p>" + "Warm-up sentence of a page. " * 20 + "</p></article></body></html>"
)


@dataclass(frozen=True, slots=True)
class DocResult:
    """One page's outcome for each extractor: snippet counts, seconds, and whether the text was empty."""

    doc_id: str
    half: str
    site: str
    counts: dict[str, tuple[int, ...]]
    seconds: dict[str, float]
    empty: dict[str, bool]


@dataclass(slots=True)
class ExtractorScore:
    """Scores of one extractor over a set of pages."""

    name: str
    score: Score
    docs: int
    seconds: float
    empty: int
    empty_where_reference_not: int

    @property
    def docs_per_s(self) -> float:
        """Return pages per second of extraction time (one core; file reading excluded)."""
        return self.docs / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "f1": round(self.score.f1, 4),
            "precision": round(self.score.precision, 4),
            "recall": round(self.score.recall, 4),
            "tp": self.score.tp,
            "fp": self.score.fp,
            "fn": self.score.fn,
            "docs": self.docs,
            "docs_per_s": round(self.docs_per_s, 2),
            "empty": self.empty,
            "empty_where_reference_not": self.empty_where_reference_not,
        }


@dataclass(slots=True)
class EvalReport:
    """Per-extractor scores of one set: whole, tuning part (a) and validation part (b), split by site."""

    scores: dict[str, dict[str, ExtractorScore]]  # subset ("all", "a", "b") -> extractor -> score
    wall_s: float
    jobs: int
    results: list[DocResult] = field(default_factory=list, repr=False)
    name: str = ""
    metric: str = "snippets"

    def sites(self, subset: str) -> int:
        """Return how many sites the pages of subset come from."""
        return len({r.site for r in self.results if subset == "all" or r.half == subset})

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "set": self.name,
            "metric": self.metric,
            "reference": REFERENCE,
            "jobs": self.jobs,
            "wall_s": round(self.wall_s, 2),
            "sites": {subset: self.sites(subset) for subset in self.scores},
            "subsets": {
                subset: {name: s.as_dict() for name, s in by_name.items()}
                for subset, by_name in self.scores.items()
            },
        }


def _warm_up(names: Sequence[str]) -> None:
    # Lazy imports and model loading (langdetect profiles) happen once per worker, outside the timing.
    for name in names:
        EXTRACTORS[name](WARMUP_HTML, None)


def score_doc(data_dir: Path, doc: EvalDoc, names: Sequence[str]) -> DocResult:
    """Run every named extractor on one page and score its text."""
    html = load_html(data_dir, doc.doc_id)
    counts: dict[str, tuple[int, ...]] = {}
    seconds: dict[str, float] = {}
    empty: dict[str, bool] = {}
    for name in names:
        start = time.perf_counter()
        try:
            text = EXTRACTORS[name](html, doc.url)
        except Exception:  # a crash scores as empty output, as in the reference scorer
            text = ""
        seconds[name] = time.perf_counter() - start
        if doc.snippet_truth:
            counts[name] = snippet_counts(doc.with_snippets, doc.without_snippets, text)
        else:
            counts[name] = shingle_counts(doc.body or "", text)
        empty[name] = not text.strip()
    return DocResult(doc.doc_id, doc.half, doc.site, counts, seconds, empty)


def _summarise(name: str, results: Iterable[DocResult], averaged: bool) -> ExtractorScore:
    rows = list(results)
    reference_known = all(REFERENCE in r.empty for r in rows)
    counts = (r.counts[name] for r in rows)
    return ExtractorScore(
        name=name,
        score=Score.averaged(counts) if averaged else Score.of(counts),
        docs=len(rows),
        seconds=sum(r.seconds[name] for r in rows),
        empty=sum(r.empty[name] for r in rows),
        empty_where_reference_not=sum(r.empty[name] and not r.empty[REFERENCE] for r in rows)
        if reference_known
        else 0,
    )


def run_eval(
    data_dir: Path, *, limit: int = 0, jobs: int = 2, names: Sequence[str] = tuple(EXTRACTORS)
) -> EvalReport:
    """Score the named extractors on the pages of data_dir, each page in one worker, in the same run."""
    docs = load_dataset(data_dir, limit)
    averaged = not all(doc.snippet_truth for doc in docs)
    jobs = max(1, min(jobs, os.cpu_count() or 1, len(docs) or 1))
    start = time.perf_counter()
    if jobs == 1:
        _warm_up(names)
        results = [score_doc(data_dir, doc, names) for doc in docs]
    else:
        with ProcessPoolExecutor(jobs, initializer=_warm_up, initargs=(tuple(names),)) as pool:
            chunk = max(1, len(docs) // (jobs * 8))
            results = list(
                pool.map(score_doc, [data_dir] * len(docs), docs, [tuple(names)] * len(docs), chunksize=chunk)
            )
    wall = time.perf_counter() - start
    scores = {
        subset: {
            name: _summarise(name, (r for r in results if subset == "all" or r.half == subset), averaged)
            for name in names
        }
        for subset in SUBSETS
    }
    metric = "word 4-grams (NFC), averaged" if averaged else "snippets, summed"
    return EvalReport(scores, wall, jobs, results, name=data_dir.name, metric=metric)
