"""How close an article is to a story: TF-IDF cosine over their terms, fading with the time between them."""

import math
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import NamedTuple

WINDOW = timedelta(days=4)  # a story takes articles this long before its first or after its last one
# Stories ending more than this after an article's window are not looked at: they could only hold it in
# their middle, which a load in time order never asks, and without this bound a look-up for an old date
# would read every story after it (an index on the end time cannot bound the start as well).
LOOKUP_AHEAD = timedelta(days=30)
HALF_LIFE_DAYS = 2.0  # the score halves for every two days between the article and the story
THRESHOLD = 0.25  # chosen on the labelled set (docs/stories.md)
# A window with few stories says little about which words are common: counted as if this many more
# unrelated stories were in it, the words an article shares with the only other story keep their weight.
PRIOR_STORIES = 20
# One shared word is a topic, not an event: without the shared term that adds most, the others must
# still score this much (a match resting on one word, however often repeated, is no match).
MIN_REST = THRESHOLD / 2
MIN_WORDS = 20  # a shorter text joins a story only as an exact copy: a few words say too little
CENTROID_TERMS = 60  # a story keeps its strongest terms, so its row stays small however many join


def idf(story_frequency: int, stories: int) -> float:
    """Return the inverse story frequency of a term among the stories of the window (smoothed)."""
    return math.log((stories + 1 + PRIOR_STORIES) / (story_frequency + 1.5))


def gap_days(when: datetime, first: datetime, last: datetime) -> float:
    """Return the days between when and the story's span (0 inside it)."""
    if when < first:
        return (first - when).total_seconds() / 86400
    if when > last:
        return (when - last).total_seconds() / 86400
    return 0.0


def decay(days: float) -> float:
    """Return the weight of a match days away from the story."""
    return float(0.5 ** (days / HALF_LIFE_DAYS))


class Match(NamedTuple):
    """How an article's terms meet a story's."""

    cosine: float
    shared: int  # terms both have
    rest: float  # the cosine without the shared term that adds most: what the other shared terms say


def similarity(
    terms: Mapping[str, float], centroid: Mapping[str, float], weights: Mapping[str, float], default: float
) -> Match:
    """Return the cosine of terms and centroid weighted by idf weights, with how many terms they share.

    A centroid term the article lacks has no window frequency at hand: it counts as rare (default), which
    can only lower the score.
    """
    shared = [t for t in terms if t in centroid and weights.get(t, 0.0) > 0]
    if not shared:
        return Match(0.0, 0, 0.0)
    # fsum: the same score whatever order the terms come in (a JSONB column sorts its keys).
    parts = [terms[t] * centroid[t] * weights[t] ** 2 for t in shared]
    dot = math.fsum(parts)
    norm_a = math.sqrt(math.fsum((w * weights.get(t, 0.0)) ** 2 for t, w in terms.items()))
    norm_b = math.sqrt(math.fsum((w * weights.get(t, default)) ** 2 for t, w in centroid.items()))
    if norm_a == 0 or norm_b == 0:
        return Match(0.0, len(shared), 0.0)
    norms = norm_a * norm_b
    return Match(dot / norms, len(shared), (dot - max(parts)) / norms)


def merged(centroid: Mapping[str, float], terms: Mapping[str, float]) -> dict[str, float]:
    """Return the centroid with an article's terms added, cut to its CENTROID_TERMS strongest."""
    total = dict(centroid)
    for term, weight in terms.items():
        total[term] = total.get(term, 0.0) + weight
    strongest = sorted(total.items(), key=lambda item: (-item[1], item[0]))[:CENTROID_TERMS]
    return {term: round(weight, 3) for term, weight in strongest}
