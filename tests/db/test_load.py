"""The loader on SQLite and PostgreSQL: idempotent upserts, versions only on real change, stories."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, select

from newsingest.db.load import ArticleRow, load_articles
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
