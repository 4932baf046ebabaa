"""Whether two texts are copies of one text: shingle overlap, thresholds measured in docs/stories.md."""

from datetime import timedelta

MIN_WORDS = 30  # shorter texts are copies only when identical (content hash): a few words say too little
MIN_JACCARD = 0.4  # shared shingles over all shingles of both
MIN_CONTAINMENT = 0.6  # shared shingles over the shorter text's: a trimmed or extended copy keeps this high
NEAR_WINDOW = timedelta(days=30)  # copies are looked for among articles this close in time


def near_copy(a: set[str], b: set[str]) -> float | None:
    """Return the Jaccard resemblance of two shingle sets when they are near-copies, else None."""
    if not a or not b:
        return None
    shared = len(a & b)
    jaccard = shared / (len(a) + len(b) - shared)
    containment = shared / min(len(a), len(b))
    return jaccard if jaccard >= MIN_JACCARD and containment >= MIN_CONTAINMENT else None
