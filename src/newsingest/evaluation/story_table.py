"""The story evaluation as a plain-text table (80 columns)."""

from newsingest.evaluation.story_scores import PARTS, Scores
from newsingest.evaluation.table import aligned
from newsingest.stories.metrics import Quality

COLUMNS = ("what", "part", "items", "pairs", "P", "R", "F1", "B3 P", "B3 R", "B3 F1", "merged", "missed")
RIGHT = set(range(2, len(COLUMNS)))  # numbers align right
WHAT = (
    ("near_copies", "near-copies"),
    ("stories", "stories"),
    ("rewrites", "  other words"),
    ("cross_language", "  languages"),
)
PAIRWISE_ONLY = {"rewrites", "cross_language"}  # a subset of pairs: B-cubed is the stories' own


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _row(what: str, part: str, items: int, q: Quality, pairwise_only: bool) -> tuple[str, ...]:
    bcubed = (
        ("", "", "")
        if pairwise_only
        else (
            f"{q.bcubed_precision:.3f}",
            f"{q.bcubed_recall:.3f}",
            f"{_f1(q.bcubed_precision, q.bcubed_recall):.3f}",
        )
    )
    # No pair to find, or none put together: the score has nothing to measure.
    found = q.pairs - q.missed + q.false_merges
    return (
        what,
        part,
        str(items),
        str(q.pairs),
        f"{q.precision:.3f}" if found else "-",
        f"{q.recall:.3f}" if q.pairs else "-",
        f"{q.f1:.3f}" if q.pairs and found else "-",
        *bcubed,
        str(q.false_merges),
        str(q.missed),
    )


def format_stories(scores: dict[str, Scores]) -> str:
    """Return near-copies and stories per part (all, a tunes, b validates) as an aligned table."""
    rows: list[tuple[str, ...]] = [COLUMNS]
    for name, label in WHAT:
        for part in PARTS:
            s = scores[part]
            rows.append(_row(label, part, s.items, getattr(s, name), name in PAIRWISE_ONLY))
    return "\n".join(
        [
            "near-copies and stories on the labelled set: pairwise and B-cubed scores",
            *aligned(rows, RIGHT, gap=" "),
            "parts: story groups with their sites, hashed to a (tunes) or b (validates)",
            "other words: story pairs of two texts in one language; languages: two languages",
            "merged: pairs put together that belong apart; missed: apart, belong together",
        ]
    )
