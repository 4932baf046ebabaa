"""The metrics of the reference scorer (shared/eval/score.py): snippets summed, word 4-grams averaged."""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
SHINGLE_SIZE = 4


def squash(text: str | None) -> str:
    """Return text with every whitespace run collapsed to one space, stripped."""
    return _SPACES.sub(" ", text or "").strip()


def snippet_counts(
    with_snippets: Iterable[str], without_snippets: Iterable[str], text: str
) -> tuple[int, ...]:
    """Return (tp, fp, fn, tn) for one document: found must-haves, found must-nots, missed, absent."""
    out = squash(text)
    wanted, unwanted = list(with_snippets), list(without_snippets)
    found_with = sum(1 for s in wanted if squash(s) in out) if out else 0
    found_without = sum(1 for s in unwanted if squash(s) in out) if out else 0
    return found_with, found_without, len(wanted) - found_with, len(unwanted) - found_without


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    # score.py --nfc: both texts in NFC (some truths are stored decomposed), \w+ tokens, case kept.
    tokens = _WORD.findall(unicodedata.normalize("NFC", text))
    if len(tokens) <= SHINGLE_SIZE:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + SHINGLE_SIZE]) for i in range(len(tokens) - SHINGLE_SIZE + 1))


def shingle_counts(truth: str, text: str) -> tuple[int, ...]:
    """Return (tp, fp, fn, 0) of word 4-gram shingles for one document (score.py --nfc)."""
    expected, found = _shingles(truth), _shingles(text)
    tp = sum((expected & found).values())
    return tp, sum(found.values()) - tp, sum(expected.values()) - tp, 0


@dataclass(frozen=True, slots=True)
class Score:
    """Summed counts and the scores derived from them (or from per-document averages)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    mean_precision: float | None = None  # set for averaged scores (word 4-grams)
    mean_recall: float | None = None

    @classmethod
    def of(cls, rows: Iterable[tuple[int, ...]]) -> "Score":
        """Return the sum of per-document (tp, fp, fn, tn) rows (the snippet metric)."""
        tp = fp = fn = tn = 0
        for row in rows:
            tp, fp, fn, tn = tp + row[0], fp + row[1], fn + row[2], tn + row[3]
        return cls(tp, fp, fn, tn)

    @classmethod
    def averaged(cls, rows: Iterable[tuple[int, ...]]) -> "Score":
        """Return precision averaged over non-empty outputs and recall over non-empty truths (4-grams)."""
        rows = list(rows)
        precisions = [r[0] / (r[0] + r[1]) for r in rows if r[0] + r[1]]
        recalls = [r[0] / (r[0] + r[2]) for r in rows if r[0] + r[2]]
        summed = cls.of(rows)
        return cls(
            summed.tp,
            summed.fp,
            summed.fn,
            summed.tn,
            sum(precisions) / len(precisions) if precisions else 0.0,
            sum(recalls) / len(recalls) if recalls else 0.0,
        )

    @property
    def precision(self) -> float:
        """Return TP / (TP + FP), or the per-document average."""
        if self.mean_precision is not None:
            return self.mean_precision
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """Return TP / (TP + FN), or the per-document average."""
        if self.mean_recall is not None:
            return self.mean_recall
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Return the harmonic mean of precision and recall (2TP / (2TP + FP + FN) when summed)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0
