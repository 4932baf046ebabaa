"""The loader on SQLite and PostgreSQL: idempotent upserts, versions only on real change, stories."""

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, select

from newsingest.contracts import ArticleRow
from newsingest.db.load import load_articles
from newsingest.db.models import Article, ArticleVersion, Story
from newsingest.dedup import content_hash

NOW = datetime(2022, 1, 3, 12, tzinfo=UTC)


def row(url: str, text: str, seen_at: datetime = NOW, title: str = "T") -> ArticleRow:
    return ArticleRow(
        url=url,
        source="s",
        title=title,
        authors=["A"],
        published_at=NOW,
        modified_at=None,
        language="en",
        text=text,
        word_count=len(text.split()),
        tags=["x"],
        image_url=None,
        site_name=None,
        content_hash=content_hash(text),
        fingerprint="0" * 16,
        extractor_version="1",
        page_id=None,
        seen_at=seen_at,
    )


def count(engine: Engine, model: type) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


def test_reload_is_idempotent_and_changes_make_one_version(engine: Engine) -> None:
    with engine.begin() as conn:
        first = load_articles(
            conn, [row("https://n.example/a", "first text"), row("https://n.example/b", "b")]
        )
    assert (first.new, first.updated, first.unchanged) == (2, 0, 0)
    with engine.begin() as conn:
        again = load_articles(conn, [row("https://n.example/a", "first text", NOW + timedelta(hours=1))])
    assert (again.new, again.updated, again.unchanged) == (0, 0, 1)
    assert count(engine, ArticleVersion) == 0
    with engine.begin() as conn:
        changed = load_articles(
            conn, [row("https://n.example/a", "corrected text", NOW + timedelta(hours=2))]
        )
    assert changed.updated == 1
    with engine.begin() as conn:  # the same correction seen again is not another version
        load_articles(conn, [row("https://n.example/a", "corrected text", NOW + timedelta(hours=3))])
    with engine.connect() as conn:
        versions = conn.execute(select(ArticleVersion.text, ArticleVersion.content_hash)).all()
        article = conn.execute(
            select(Article.text, Article.last_seen_at).where(Article.url == "https://n.example/a")
        ).one()
    assert [v.text for v in versions] == ["first text"]
    assert versions[0].content_hash == content_hash("first text")
    assert article.text == "corrected text" and article.last_seen_at == NOW + timedelta(hours=3)
    assert count(engine, Article) == 2


def test_same_url_twice_in_a_batch_is_one_row(engine: Engine) -> None:
    with engine.begin() as conn:
        counts = load_articles(conn, [row("https://n.example/a", "old"), row("https://n.example/a", "new")])
    assert counts.new == 1 and count(engine, Article) == 1
    with engine.connect() as conn:
        assert conn.execute(select(Article.text)).scalar_one() == "new"


def test_syndicated_copies_share_a_story(engine: Engine) -> None:
    with engine.begin() as conn:
        counts = load_articles(
            conn,
            [
                row("https://a.example/x", "same words", title="Story"),
                row("https://b.example/y", "same words", title="Story"),
                row("https://c.example/z", "other words", title="Other"),
            ],
        )
    assert (counts.new, counts.duplicates) == (2, 1)
    with engine.connect() as conn:
        stories = conn.execute(select(Story.title, Story.article_count).order_by(Story.id)).all()
        copy = conn.execute(
            select(Article.duplicate_of_id, Article.story_id).where(Article.url == "https://b.example/y")
        ).one()
        original = conn.execute(
            select(Article.id, Article.story_id).where(Article.url == "https://a.example/x")
        ).one()
    assert [(s.title, s.article_count) for s in stories] == [("Story", 2), ("Other", 1)]
    assert copy.duplicate_of_id == original.id and copy.story_id == original.story_id


def test_the_earliest_published_copy_becomes_the_original_in_and_across_batches(engine: Engine) -> None:
    def copy(url: str, day: int) -> ArticleRow:
        loaded = row(url, "wire words", title="Wire")
        loaded.published_at = NOW + timedelta(days=day)
        return loaded

    with engine.begin() as conn:  # the later copy first, then an earlier one in the same batch
        first = load_articles(conn, [copy("https://a.example/1", 2), copy("https://b.example/1", 1)])
    with engine.begin() as conn:  # the real original arrives in a later batch
        second = load_articles(conn, [copy("https://c.example/1", 0)])
    assert (first.new, first.duplicates, second.new, second.duplicates) == (1, 1, 0, 1)
    with engine.connect() as conn:
        links = dict(conn.execute(select(Article.url, Article.duplicate_of_id)).all())
        ids = dict(conn.execute(select(Article.url, Article.id)).all())
        stories = conn.execute(select(Story.article_count)).scalars().all()
        story_ids = set(conn.execute(select(Article.story_id)).scalars())
    original = ids["https://c.example/1"]
    assert links == {
        "https://a.example/1": original,
        "https://b.example/1": original,
        "https://c.example/1": None,
    }
    assert stories == [3] and len(story_ids) == 1


def test_batches_place_copies_as_one_article_at_a_time_would(engine: Engine) -> None:
    """Random batches of copies (some published earlier than what is stored) vs one article per batch."""
    rng = random.Random(7)
    plan = []  # (name, text, day published or None), in load order
    for number in range(120):
        published = rng.choice([None, *range(10)])
        plan.append((f"n{number}", f"wire text {rng.randrange(25)}", published))

    def load(side: str, batch_sizes: list[int]) -> dict[str, tuple[str | None, frozenset[str], int]]:
        rows = []
        for name, text, day in plan:
            loaded = row(f"https://{side}.example/{name}", f"{side} {text}", title=text)
            loaded.published_at = None if day is None else NOW + timedelta(days=day)
            rows.append(loaded)
        start = 0
        for size in batch_sizes:
            with engine.begin() as conn:
                load_articles(conn, rows[start : start + size])
            start += size
        with engine.connect() as conn:
            stored = conn.execute(
                select(Article.id, Article.url, Article.duplicate_of_id, Article.story_id).where(
                    Article.url.like(f"https://{side}.example/%")
                )
            ).all()
            counts = dict(conn.execute(select(Story.id, Story.article_count)).all())
        name_of = {r.id: r.url.rsplit("/", 1)[1] for r in stored}
        members: dict[int, set[str]] = {}
        for r in stored:
            members.setdefault(r.story_id, set()).add(name_of[r.id])
        return {
            name_of[r.id]: (
                name_of.get(r.duplicate_of_id) if r.duplicate_of_id else None,
                frozenset(members[r.story_id]),
                counts[r.story_id],
            )
            for r in stored
        }

    sizes = []
    while sum(sizes) < len(plan):
        sizes.append(rng.choice([1, 3, 17, 40]))
    one_by_one = load("single", [1] * len(plan))
    batched = load("batched", sizes)
    assert batched == one_by_one
    assert all(len(story) == count for _dup, story, count in batched.values())
    copies = len(plan) - len({text for _name, text, _day in plan})
    assert sum(dup is not None for dup, _story, _count in batched.values()) == copies
