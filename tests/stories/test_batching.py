"""A batch is placed exactly as its articles would be one at a time: the batch's look-ups are read once."""

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, select

from newsingest.contracts import ArticleRow
from newsingest.db.load import load_articles
from newsingest.db.models import Article, ArticleBand, ArticleVersion, Story, StoryTerm
from newsingest.dedup import content_hash, simhash
from newsingest.evaluation.syndication import make_copy
from tests.stories.test_placing import REWRITES, row

OPS = [["headline", "boilerplate"], ["dateline", "trim"], ["byline", "extend", "edit"]]


def rows() -> list[ArticleRow]:
    """The texts written for the labelled set, copies of some (a few published before their original), shuffled."""
    rng = random.Random(15)
    out = [row(name) for name in REWRITES]
    for n, name in enumerate(sorted(REWRITES)[::2]):
        original = row(name)
        for k, ops in enumerate(OPS[: 1 + n % 3]):
            copy = make_copy(original.title or "", original.text, ops, seed=n * 10 + k)
            hours = rng.choice([-30, -2, 3, 20, 70])  # some copies come out before the text they copy
            out.append(
                replace(
                    original,
                    url=f"https://copy{k}.example/{name}",
                    source=f"copy{k}",
                    title=copy.title,
                    text=copy.text,
                    word_count=len(copy.text.split()),
                    content_hash=content_hash(copy.text),
                    fingerprint=f"{simhash(copy.text):016x}",
                    published_at=(original.published_at or original.seen_at) + timedelta(hours=hours),
                )
            )
    same = row("rw-drones-en", url="https://mirror.example/rw-drones-en")  # the very same text
    out.append(replace(same, source="mirror"))
    rng.shuffle(out)
    return out


def crowded(count: int = 300, events: int = 60, seed: int = 7) -> list[ArticleRow]:
    """Articles of events sharing names and words in a few days: every placing changes what the next sees."""
    rng = random.Random(seed)
    common = [f"word{i}" for i in range(120)]
    start = datetime(2022, 3, 1, tzinfo=UTC)
    out = []
    for n in range(count):
        event = rng.randrange(events)
        # Neighbouring events share half their names: scores near the threshold, where counts matter.
        names = [f"Name{(event + k // 4) % events}x{k % 4}" for k in range(8)]
        title = " ".join(rng.sample(names, 3) + rng.sample(common, 3))
        text = " ".join(rng.choice(names) if i % 5 == 0 else rng.choice(common) for i in range(70))
        at = start + timedelta(hours=event * 5 + rng.uniform(0, 40))
        out.append(
            ArticleRow(
                url=f"https://crowd{n % 4}.example/{n}",
                source=f"crowd{n % 4}",
                title=title,
                authors=[],
                published_at=at,
                modified_at=None,
                language="en",
                text=text,
                word_count=70,
                tags=[],
                image_url=None,
                site_name=None,
                content_hash=content_hash(text),
                fingerprint=f"{simhash(text):016x}",
                extractor_version="1",
                page_id=None,
                seen_at=at + timedelta(hours=1),
            )
        )
    return out


def placed(engine: Engine) -> dict[str, Any]:
    """Return the stored stories and originals by URL (ids differ between loads)."""
    with engine.connect() as conn:
        articles = conn.execute(
            select(Article.id, Article.url, Article.story_id, Article.duplicate_of_id)
        ).all()
        stories = {s.id: s for s in conn.execute(select(Story))}
        index = conn.execute(select(StoryTerm.story_id, StoryTerm.term, StoryTerm.last_seen_at)).all()
    url = {a.id: a.url for a in articles}
    members: dict[int, list[str]] = {}
    for a in articles:
        if a.story_id is not None:
            members.setdefault(a.story_id, []).append(a.url)
    terms: dict[int, list[tuple[str, str]]] = {}
    for story_id, term, last in index:
        terms.setdefault(story_id, []).append((term, last.isoformat()))
    return {
        "originals": {a.url: url.get(a.duplicate_of_id) for a in articles},
        "stories": sorted(
            (
                sorted(members.get(i, [])),
                s.title,
                s.first_seen_at.isoformat(),
                s.last_seen_at.isoformat(),
                s.article_count,
                s.sources,
                s.languages,
                sorted(s.terms.items()),
                sorted(terms.get(i, [])),
            )
            for i, s in stories.items()
        ),
    }


def empty(engine: Engine) -> None:
    with engine.begin() as conn:
        for table in (ArticleBand, StoryTerm, ArticleVersion, Article, Story):
            conn.execute(delete(table))


def test_batches_place_articles_as_one_at_a_time_would(engine: Engine) -> None:
    texts = rows()
    first, later = texts[: len(texts) // 2], texts[len(texts) // 2 :]
    for part in (first, later):
        with engine.begin() as conn:
            load_articles(conn, part)
    batched = placed(engine)
    empty(engine)
    for one in texts:
        with engine.begin() as conn:
            load_articles(conn, [one])
    assert placed(engine) == batched
    # The set holds what makes batching hard: copies, copies published first, stories of several texts.
    assert sum(o is not None for o in batched["originals"].values()) >= 12
    assert sum(len(s[0]) >= 3 for s in batched["stories"]) >= 5


def test_crowded_batches_place_articles_as_one_at_a_time_would(engine: Engine) -> None:
    texts = crowded()
    for start in range(0, len(texts), 50):
        with engine.begin() as conn:
            load_articles(conn, texts[start : start + 50])
    batched = placed(engine)
    empty(engine)
    for one in texts:
        with engine.begin() as conn:
            load_articles(conn, [one])
    assert placed(engine) == batched
    assert len(batched["stories"]) < len(texts) / 5  # most articles joined a story
