"""An article's time window: what the story index held before its batch, with the batch's changes on top.

A batch's look-ups are read from the database once, before any of its articles is placed. The stories
the batch then changes or starts are kept here, so that each article sees the window as it would be had
the articles before it been written one by one: the index rows of a changed story as they were
(`story_terms` holds a story's `terms` with its time span) are taken out and its present terms and span
put in.
"""

import math
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from newsingest.stories import similarity

MAX_POSTINGS = 200  # a term in more stories of the window than this says nothing about the event
MAX_CANDIDATES = 10  # stories scored in full, of those sharing the most informative terms


@dataclass(slots=True)
class StoryState:
    """A story row as it stands in the batch."""

    id: int
    first: datetime
    last: datetime
    count: int
    sources: list[str]
    languages: list[str]
    terms: dict[str, float] = field(default_factory=dict)
    title: str = ""


@dataclass(slots=True)
class Window:
    """What the database held about an article's time window before its batch."""

    low: datetime
    high: datetime
    live: int = 0  # stories whose span meets the window
    frequency: dict[str, int] = field(default_factory=dict)  # stories of the window having the term (> 0)
    postings: list[tuple[str, int]] = field(default_factory=list)  # (term, story) of terms read below

    def read_postings_of(self, term: str) -> bool:
        """Return whether postings holds every stored story of the window having term."""
        return self.frequency.get(term, 0) <= MAX_POSTINGS

    @property
    def until(self) -> datetime:
        """Return the latest end of a story looked at (similarity.LOOKUP_AHEAD)."""
        return self.high + similarity.LOOKUP_AHEAD

    def meets(self, first: datetime, last: datetime) -> bool:
        """Return whether a story spanning first..last lies within the window (and is looked at)."""
        return self.low <= last <= self.until and first <= self.high


@dataclass(frozen=True, slots=True)
class _Indexed:
    first: datetime
    last: datetime
    terms: frozenset[str]


class Overlay:
    """The stories a batch changed or started: how the stored index shows them, and how they stand now."""

    def __init__(self) -> None:
        """Start with no changes."""
        self.indexed: dict[int, _Indexed] = {}  # stored stories changed: their index rows before the batch
        self.now: dict[int, StoryState] = {}  # stories changed or started, in that order

    def change(self, story: StoryState, stored: bool) -> None:
        """Note that story is about to change (stored: it has index rows from before the batch)."""
        if story.id not in self.now:
            if stored:
                self.indexed[story.id] = _Indexed(story.first, story.last, frozenset(story.terms))
            self.now[story.id] = story

    def live(self, window: Window) -> int:
        """Return how many stories meet window now."""
        live = window.live
        for story_id, story in self.now.items():
            before = self.indexed.get(story_id)
            live -= before is not None and window.meets(before.first, before.last)
            live += window.meets(story.first, story.last)
        return live

    def frequency(self, window: Window, terms: Collection[str]) -> dict[str, int]:
        """Return how many stories of window now have each of terms (terms in none left out)."""
        counts = {t: window.frequency.get(t, 0) for t in terms}
        for story_id, story in self.now.items():
            before = self.indexed.get(story_id)
            if before is not None and window.meets(before.first, before.last):
                for term in before.terms.intersection(counts):
                    counts[term] -= 1
            if window.meets(story.first, story.last):
                for term in counts.keys() & story.terms.keys():
                    counts[term] += 1
        return {t: n for t, n in counts.items() if n > 0}

    def postings(
        self, window: Window, rare: Collection[str], stored: Iterable[tuple[str, int]]
    ) -> list[tuple[str, int]]:
        """Return the (term, story) pairs of rare terms in window now, given those stored at the start."""
        pairs = [(t, s) for t, s in stored if t in rare and s not in self.indexed]
        for story_id, story in self.now.items():
            if window.meets(story.first, story.last):
                pairs += [(t, story_id) for t in story.terms.keys() & rare]
        return pairs


def candidates(
    terms: Mapping[str, float], weights: Mapping[str, float], postings: Iterable[tuple[str, int]]
) -> list[int]:
    """Return the MAX_CANDIDATES stories sharing the most informative terms (ties: lower id first)."""
    shares: dict[int, list[float]] = {}
    for term, story_id in postings:
        shares.setdefault(story_id, []).append(weights[term] * terms[term])
    # fsum: the same total whatever order the rows came in.
    evidence = {story_id: math.fsum(parts) for story_id, parts in shares.items()}
    return sorted(evidence, key=lambda i: (-evidence[i], i))[:MAX_CANDIDATES]


def closest(
    at: datetime,
    terms: Mapping[str, float],
    window: Window,
    overlay: Overlay,
    stories: Callable[[list[int]], Mapping[int, StoryState]],
    stored_postings: Callable[[list[str]], list[tuple[str, int]]],
) -> int | None:
    """Return the story of the window that terms match best, if close enough.

    stories reads story rows by id; stored_postings reads the stored (term, story) pairs of terms whose
    postings were not read with the window (rarer now than at the batch's start).
    """
    if not terms:
        return None
    live = overlay.live(window)
    if not live:
        return None
    frequency = overlay.frequency(window, terms)
    weights = {t: similarity.idf(frequency.get(t, 0), live) for t in terms}
    rare = {t for t, n in frequency.items() if n <= MAX_POSTINGS}
    if not rare:
        return None
    unread = sorted(t for t in rare if not window.read_postings_of(t))
    stored = window.postings + (stored_postings(unread) if unread else [])
    found = candidates(terms, weights, overlay.postings(window, rare, stored))
    default = similarity.idf(1, live)
    best: tuple[float, int] | None = None
    rows = stories(found)
    for story_id in found:
        story = rows[story_id]
        match = similarity.similarity(terms, story.terms, weights, default)
        fade = similarity.decay(similarity.gap_days(at, story.first, story.last))
        score = match.cosine * fade
        if score < similarity.THRESHOLD or match.rest * fade < similarity.MIN_REST:
            continue
        if best is None or (score, -story_id) > (best[0], -best[1]):
            best = (score, story_id)
    return None if best is None else best[1]
