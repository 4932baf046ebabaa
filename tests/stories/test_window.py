"""The window of an article as a batch changed it: the stored counts with the batch's stories on top."""

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from newsingest.stories.window import MAX_POSTINGS, Overlay, StoryState, Window

START = datetime(2022, 1, 1, tzinfo=UTC)
TERMS = [f"t{i}" for i in range(12)]


def story(rng: random.Random, story_id: int) -> StoryState:
    first = START + timedelta(hours=rng.uniform(0, 400))
    last = first + timedelta(hours=rng.choice([0, 5, 50, 300, 1000]))
    terms = {t: 1.0 for t in rng.sample(TERMS, rng.randint(0, 6))}
    return StoryState(story_id, first, last, 1, [], [], terms)


def meeting(window: Window, stories: list[StoryState]) -> list[StoryState]:
    return [s for s in stories if window.meets(s.first, s.last)]


def as_stored(window: Window, stored: list[StoryState], terms: list[str]) -> Window:
    """Return window with what a look-up of the stored stories reads."""
    seen = meeting(window, stored)
    window.live = len(seen)
    window.frequency = {t: n for t in terms if (n := sum(t in s.terms for s in seen))}
    window.postings = [(t, s.id) for s in seen for t in s.terms if t in terms and window.read_postings_of(t)]
    return window


def test_the_overlay_counts_what_writing_each_change_would_have_left() -> None:
    rng = random.Random(3)
    for _ in range(300):
        stored = [story(rng, i) for i in range(1, rng.randint(2, 30))]
        at = START + timedelta(hours=rng.uniform(0, 500))
        terms = rng.sample(TERMS, 6)
        window = as_stored(Window(at - timedelta(days=4), at + timedelta(days=4)), stored, terms)
        overlay = Overlay()
        now = {s.id: replace(s, terms=dict(s.terms)) for s in stored}
        for s in rng.sample(list(now.values()), rng.randint(0, len(now))):  # stored stories the batch changes
            overlay.change(s, stored=True)
            s.last += timedelta(hours=rng.choice([0, 30, 200]))
            s.first -= timedelta(hours=rng.choice([0, 30]))
            s.terms = {t: 1.0 for t in rng.sample(TERMS, rng.randint(1, 6))}
        for n in range(rng.randint(0, 5)):  # stories the batch starts
            new = story(rng, 1000 + n)
            overlay.change(new, stored=False)
            now[new.id] = new
        expected = meeting(window, list(now.values()))
        assert overlay.live(window) == len(expected)
        frequency = {t: n for t in terms if (n := sum(t in s.terms for s in expected))}
        assert overlay.frequency(window, terms) == frequency
        rare = {t for t, n in frequency.items() if n <= MAX_POSTINGS and window.read_postings_of(t)}
        pairs = sorted((t, s.id) for s in expected for t in s.terms if t in rare)
        assert sorted(overlay.postings(window, rare, window.postings)) == pairs


def test_a_story_ending_long_after_the_window_is_not_looked_at() -> None:
    window = Window(START, START + timedelta(days=8))
    assert window.meets(START - timedelta(days=2), START)
    assert window.meets(START + timedelta(days=8), START + timedelta(days=20))
    assert not window.meets(START + timedelta(days=9), START + timedelta(days=9))
    assert not window.meets(START - timedelta(days=5), START - timedelta(seconds=1))
    assert not window.meets(START, START + timedelta(days=60))  # ends past similarity.LOOKUP_AHEAD
