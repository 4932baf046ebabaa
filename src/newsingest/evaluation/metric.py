"""The snippet metric of the reference scorer (shared/eval/score.py), summed over documents."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

_SPACES = re.compile(r"\s+")


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


@dataclass(frozen=True, slots=True)
class Score:
    """Summed snippet counts and the scores derived from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @classmethod
    def of(cls, rows: Iterable[tuple[int, ...]]) -> "Score":
        """Return the sum of per-document (tp, fp, fn, tn) rows."""
        tp = fp = fn = tn = 0
        for row in rows:
            tp, fp, fn, tn = tp + row[0], fp + row[1], fn + row[2], tn + row[3]
        return cls(tp, fp, fn, tn)

    @property
    def f1(self) -> float:
        """Return 2TP / (2TP + FP + FN)."""
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp + self.fp + self.fn else 0.0

    @property
    def precision(self) -> float:
        """Return TP / (TP + FP)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """Return TP / (TP + FN)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
