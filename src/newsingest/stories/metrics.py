"""Clustering quality against labels: pairwise precision, recall and F1, and B-cubed."""

from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True, slots=True)
class Quality:
    """Pairwise and B-cubed scores of predicted groups against true groups."""

    pairs: int  # true pairs (same true group) among those counted
    precision: float
    recall: float
    f1: float
    bcubed_precision: float
    bcubed_recall: float
    false_merges: int  # pairs put together that belong apart
    missed: int  # pairs kept apart that belong together


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def quality(
    truth: Mapping[str, Hashable],
    predicted: Mapping[str, Hashable],
    counted: Callable[[str, str], bool] = lambda a, b: True,
) -> Quality:
    """Return the scores of predicted against truth over the items of truth (pairs where counted is true)."""
    items = sorted(truth)
    tp = fp = fn = 0
    for a, b in combinations(items, 2):
        if not counted(a, b):
            continue
        same, belongs = predicted[a] == predicted[b], truth[a] == truth[b]
        tp += same and belongs
        fp += same and not belongs
        fn += belongs and not same
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    by_true: dict[Hashable, set[str]] = defaultdict(set)
    by_predicted: dict[Hashable, set[str]] = defaultdict(set)
    for item in items:
        by_true[truth[item]].add(item)
        by_predicted[predicted[item]].add(item)
    b_precision = b_recall = 0.0
    for item in items:
        overlap = len(by_true[truth[item]] & by_predicted[predicted[item]])
        b_precision += overlap / len(by_predicted[predicted[item]])
        b_recall += overlap / len(by_true[truth[item]])
    n = len(items) or 1
    return Quality(tp + fn, precision, recall, _f1(precision, recall), b_precision / n, b_recall / n, fp, fn)
