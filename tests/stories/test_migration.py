"""Stories stored before the stories migration are indexed by the next one: new articles join them."""

from dataclasses import replace
from datetime import timedelta

import sqlalchemy as sa
from alembic import command
from sqlalchemy import Engine, func, insert, select

from newsingest.db.load import _columns, load_articles
from newsingest.db.migrate import alembic_config
from newsingest.db.models import Article, ArticleBand, Story, StoryTerm, table_of
from newsingest.dedup import content_hash, simhash
from tests.stories.test_placing import row

BEFORE_STORIES = "c3cc6bb525b9"  # the revision before stories had spans, terms and index tables
OLD_STORIES = sa.table(
    "stories",
    sa.column("id", sa.Integer()),
    sa.column("title", sa.Text()),
    sa.column("first_seen_at", sa.DateTime(timezone=True)),
    sa.column("article_count", sa.Integer()),
)
# Another outlet's report of the same event in its own words (written for this test).
REPORT = (
    "Two drones carrying explosives were brought down over Baghdad International Airport on Monday, a "
    "coalition official said. The C-RAM defence system at the Baghdad Diplomatic Support Center "
    "intercepted the aircraft and no casualties were reported. A wing of one drone bore the words "
    "'Soleimani's revenge', two years to the day after the US strike that killed Qassem Soleimani and "
    "Abu Mahdi al-Muhandis near the airport. No group has claimed the attack so far."
)


def old_database(engine: Engine, database_url: str) -> None:
    """Bring the database back to before the stories migration and store what the loader wrote then."""
    config = alembic_config(database_url)
    engine.dispose()
    command.downgrade(config, BEFORE_STORIES)
    drones, mirror = row("rw-drones-en"), row("rw-drones-en", url="https://mirror.example/drones")
    other, moved = row("neg-baghdad-sameday"), row("rw-library")
    with engine.begin() as conn:
        # Then a story was the group of identical texts, first seen when its first article was loaded.
        conn.execute(
            insert(OLD_STORIES),
            [
                {"id": 1, "title": drones.title, "first_seen_at": drones.seen_at, "article_count": 2},
                {"id": 2, "title": other.title, "first_seen_at": other.seen_at, "article_count": 1},
                # The story of a text that changed since: its article no longer has that title.
                {"id": 3, "title": "An older headline", "first_seen_at": moved.seen_at, "article_count": 1},
            ],
        )
        for article_id, r, story, original in (
            (1, drones, 1, None),
            (2, replace(mirror, source="mirror"), 1, 1),
            (3, other, 2, None),
            (4, moved, 3, None),
        ):
            conn.execute(
                insert(table_of(Article)).values(
                    _columns(r)
                    | {"id": article_id, "story_id": story, "duplicate_of_id": original}
                    | {"first_seen_at": r.seen_at, "last_seen_at": r.seen_at}
                )
            )
        if conn.dialect.name == "postgresql":  # the ids above were given, not drawn
            for table, last in (("articles", 4), ("stories", 3)):
                conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {last})"))
    engine.dispose()


def test_rebuilding_the_stories_table_keeps_the_articles_links_to_it(
    engine: Engine, database_url: str
) -> None:
    # 2ff55011e911 alters `stories`, which SQLite does by copying the table and dropping the old one.
    old_database(engine, database_url)
    command.upgrade(alembic_config(database_url), "2ff55011e911")
    with engine.connect() as conn:
        links = dict(conn.execute(select(Article.id, Article.story_id)).tuples().all())
        titles = dict(conn.execute(select(OLD_STORIES.c.id, OLD_STORIES.c.title)).tuples().all())
    assert links == {1: 1, 2: 1, 3: 2, 4: 3}
    assert titles[3] == "An older headline" and len(titles) == 3


def test_stories_stored_before_the_migration_take_new_articles(engine: Engine, database_url: str) -> None:
    old_database(engine, database_url)
    command.upgrade(alembic_config(database_url), "head")
    drones = row("rw-drones-en")
    with engine.connect() as conn:
        story = conn.execute(select(Story).where(Story.id == 1)).one()
        terms = conn.execute(select(func.count()).where(StoryTerm.story_id == 1)).scalar_one()
        bands = conn.execute(select(func.count(func.distinct(ArticleBand.article_id)))).scalar_one()
    assert story.sources == ["gulfwire", "mirror"] and story.languages == ["en"]
    assert (
        story.first_seen_at == story.last_seen_at == drones.published_at
    )  # the article's time, not loading's
    assert "baghdad" in story.terms and terms == len(story.terms) > 0
    assert bands == 4
    # A near-copy of the old text with an outlet's chrome, and a report in other words, a day later.
    copy = drones.text.replace("early on Monday", "on Monday morning") + "\nShare this article"
    assert drones.published_at is not None
    later = drones.published_at + timedelta(hours=3)
    new = [
        replace(
            drones,
            url="https://copy.example/drones",
            source="copy",
            title="Drones downed at Baghdad airport",
            text=copy,
            word_count=len(copy.split()),
            content_hash=content_hash(copy),
            fingerprint=f"{simhash(copy):016x}",
            published_at=later,
        ),
        replace(
            drones,
            url="https://report.example/drones",
            source="report",
            title="Explosive-laden drones shot down near Baghdad airport",
            text=REPORT,
            word_count=len(REPORT.split()),
            content_hash=content_hash(REPORT),
            fingerprint=f"{simhash(REPORT):016x}",
            published_at=later,
        ),
    ]
    with engine.begin() as conn:
        counts = load_articles(conn, new)
    with engine.connect() as conn:
        placed = {
            r.url: r for r in conn.execute(select(Article.url, Article.story_id, Article.duplicate_of_id))
        }
        story = conn.execute(select(Story).where(Story.id == 1)).one()
    assert placed["https://copy.example/drones"].duplicate_of_id == 1
    assert placed["https://copy.example/drones"].story_id == 1
    assert placed["https://report.example/drones"].story_id == 1
    assert placed["https://report.example/drones"].duplicate_of_id is None
    assert story.article_count == 4 and story.sources == ["copy", "gulfwire", "mirror", "report"]
    assert (counts.duplicates, counts.stories_joined, counts.stories_new) == (1, 1, 0)
    assert placed[row("neg-baghdad-sameday").url].story_id == 2  # the other event stays apart
    with engine.connect() as conn:
        stories = conn.execute(select(Story.id, Story.article_count, Story.languages)).all()
        library = conn.execute(select(Story).where(Story.id == placed[row("rw-library").url].story_id)).one()
    assert library.article_count == 1 and library.languages == ["en"] and library.terms
    assert sorted(s.article_count for s in stories) == [1, 1, 4]  # no story is left without articles
