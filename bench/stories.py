"""Placing new articles in stories: 1,000 new ones with 10,000 and with 100,000 already stored.

    python -m bench.stories --stored 10000,100000 --new 1000

Each size gets a fresh SQLite database at the latest schema. The stored articles, their stories, story
terms and LSH bands are written directly (as the loader would have left them, spread over four years);
then 1,000 new articles (a third of them reports of stored events in other words, a tenth copies of a
stored text, the rest new events) are loaded through `load_articles` in batches of 100, as production
does. Only the new articles' loading is timed (wall clock and this process's CPU time, which SQLite's
work is part of), --repeat times, each into a fresh copy of the filled database; the fastest counts (the
machine is shared). The peak memory is tracemalloc's peak of one more such load, measured apart: tracing
slows Python down several times.
"""

import argparse
import os
import random
import shutil
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.report import emit

START = datetime(2019, 1, 1, tzinfo=UTC)
SPAN_DAYS = 4 * 365
COMMON = [f"common{i}" for i in range(3000)]


def _event_text(rng: random.Random, event: int, words: int = 180) -> tuple[str, str]:
    """Return a title and text about event: its own names, among common words."""
    names = [f"Name{event}x{k}" for k in range(8)]
    title = " ".join(rng.sample(names, 4) + rng.sample(COMMON, 3))
    body = []
    for i in range(words):
        body.append(rng.choice(names) if i % 6 == 0 else rng.choice(COMMON))
    return title, " ".join(body)


def _fill(engine: Any, stored: int, rng: random.Random) -> list[tuple[int, datetime, str]]:
    """Write stored articles in events of ~3; return (event, time, text) of a sample to copy."""
    from sqlalchemy import insert

    from newsingest.db.models import Article, ArticleBand, Story, StoryTerm, table_of
    from newsingest.dedup import content_hash
    from newsingest.dedup.minhash import text_bands

    events = stored // 3
    sample: list[tuple[int, datetime, str]] = []
    article_id = 0
    with engine.begin() as conn:
        for first in range(0, events, 2000):
            stories, terms, articles, bands = [], [], [], []
            for event in range(first, min(events, first + 2000)):
                at = START + timedelta(days=SPAN_DAYS * event / events)
                names = {f"name{event}x{k}": 3.0 for k in range(8)}
                stories.append(
                    {
                        "id": event + 1,
                        "title": f"event {event}",
                        "first_seen_at": at,
                        "last_seen_at": at + timedelta(hours=5),
                        "article_count": 3,
                        "sources": ["a", "b", "c"],
                        "languages": ["en"],
                        "terms": names,
                    }
                )
                terms += [
                    {
                        "term": t,
                        "story_id": event + 1,
                        "first_seen_at": at,
                        "last_seen_at": at + timedelta(hours=5),
                    }
                    for t in names
                ]
                for copy in range(3):
                    article_id += 1
                    title, text = _event_text(rng, event)
                    articles.append(
                        {
                            "id": article_id,
                            "url": f"https://s{copy}.example/{article_id}",
                            "source": f"s{copy}",
                            "title": title,
                            "authors": [],
                            "published_at": at,
                            "language": "en",
                            "text": text,
                            "word_count": 180,
                            "tags": [],
                            "content_hash": content_hash(text),
                            "fingerprint": "0" * 16,
                            "story_id": event + 1,
                            "extractor_version": "bench",
                            "meta": {},
                            "first_seen_at": at,
                            "last_seen_at": at,
                        }
                    )
                    # The texts the new articles copy get their real band keys (so the copies are found
                    # as they would be), the others random ones (as many rows, without the hashing).
                    keys = [rng.getrandbits(63) for _ in range(16)]
                    if rng.random() < 0.002:
                        sample.append((event, at, text))
                        keys = sorted(set(text_bands(text)))
                    bands += [{"band": key, "article_id": article_id, "seen_at": at} for key in keys]
            conn.execute(insert(table_of(Story)), stories)
            conn.execute(insert(table_of(StoryTerm)), terms)
            conn.execute(insert(table_of(Article)), articles)
            conn.execute(insert(table_of(ArticleBand)), bands)
    return sample


def _new_rows(
    rng: random.Random, count: int, events: int, sample: list[tuple[int, datetime, str]]
) -> list[Any]:
    from newsingest.contracts import ArticleRow
    from newsingest.dedup import content_hash

    rows = []
    for n in range(count):
        pick = rng.random()
        if pick < 0.1 and sample:
            event, at, text = rng.choice(sample)
            title, text = f"Copy {n}", "Share this\n" + text
        elif pick < 0.43:
            event = rng.randrange(events)
            at = START + timedelta(days=SPAN_DAYS * event / events, hours=rng.randint(1, 30))
            title, text = _event_text(rng, event)
        else:
            event = events + n
            at = START + timedelta(days=rng.uniform(0, SPAN_DAYS))
            title, text = _event_text(rng, event)
        rows.append(
            ArticleRow(
                url=f"https://new.example/{n}",
                source="new",
                title=title,
                authors=[],
                published_at=at,
                modified_at=None,
                language="en",
                text=text,
                word_count=len(text.split()),
                tags=[],
                image_url=None,
                site_name=None,
                content_hash=content_hash(text),
                fingerprint="0" * 16,
                extractor_version="bench",
                page_id=None,
                seen_at=at + timedelta(hours=1),
            )
        )
    return rows


def _load(url: str, rows: list[Any]) -> Any:
    """Load rows in batches of 100 into the database at url; return the counts."""
    from newsingest.db.engine import make_engine
    from newsingest.db.load import LoadCounts, load_articles

    engine = make_engine(url)
    counts = LoadCounts()
    for start in range(0, len(rows), 100):
        with engine.begin() as conn:
            counts.add(load_articles(conn, rows[start : start + 100]))
    engine.dispose()
    return counts


def measure(stored: int, new: int, seed: int, repeat: int = 3) -> dict[str, Any]:
    """Fill a fresh database with stored articles, then time loading new ones into copies; return the row."""
    from newsingest.db.engine import make_engine
    from newsingest.db.migrate import upgrade
    from newsingest.stories.terms import stop_words

    rng = random.Random(seed)
    folder = Path(tempfile.mkdtemp(prefix="newsingest-stories-"))
    url = f"sqlite:///{folder / 'bench.db'}"
    upgrade(url)
    engine = make_engine(url)
    sample = _fill(engine, stored, rng)
    engine.dispose()
    rows = _new_rows(rng, new, stored // 3, sample)
    stop_words()  # read once per process (jusText's lists), not per article
    runs = []
    for n in range(repeat + 1):  # each into its own copy of the filled database; the last one traced
        copy = folder / f"run{n}.db"
        shutil.copy(folder / "bench.db", copy)
        # The copy's pages written out first: the load's commits must not wait behind them (10 times more
        # at 100,000 stored than at 10,000).
        os.sync()
        if n == repeat:
            tracemalloc.start()
        started, cpu = time.perf_counter(), time.process_time()
        counts = _load(f"sqlite:///{copy}", rows)
        runs.append((time.perf_counter() - started, time.process_time() - cpu))
        copy.unlink()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    shutil.rmtree(folder)
    # The fastest untraced run: the machine is shared, and others' work only ever adds time.
    seconds, cpu_seconds = min(runs[:repeat])
    return {
        "stored": stored,
        "new": new,
        "seconds": round(seconds, 2),
        "per_article_ms": round(seconds / new * 1000, 2),
        "cpu_per_article_ms": round(cpu_seconds / new * 1000, 2),
        "runs_s": " ".join(f"{wall:.2f}" for wall, _cpu in runs[:repeat]),
        "peak_mib": round(peak / 2**20, 1),
        "joined": counts.stories_joined,
        "new_stories": counts.stories_new,
        "duplicates": counts.duplicates,
    }


def main() -> None:
    """Run the benchmark and print JSON and a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stored", default="10000,100000")
    parser.add_argument("--new", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=3, help="timed loads per size; the fastest counts")
    args = parser.parse_args()
    rows = [measure(int(n), args.new, args.seed, args.repeat) for n in args.stored.split(",")]
    extra = {}
    if len(rows) >= 2:
        extra = {
            "time_ratio": round(rows[-1]["per_article_ms"] / rows[0]["per_article_ms"], 3),
            "cpu_ratio": round(rows[-1]["cpu_per_article_ms"] / rows[0]["cpu_per_article_ms"], 3),
            "memory_ratio": round(rows[-1]["peak_mib"] / rows[0]["peak_mib"], 3),
            "target": 1.3,
        }
    emit("stories", rows, extra)


if __name__ == "__main__":
    main()
