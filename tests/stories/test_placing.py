"""Placing articles in stories as batches arrive: incremental, re-placed on change, one story under concurrency."""

import json
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, select

from newsingest.contracts import ArticleRow
from newsingest.db.load import load_articles
from newsingest.db.models import Article, ArticleBand, Story, StoryTerm
from newsingest.dedup import content_hash, simhash
from newsingest.evaluation import story_set

REWRITES = {a["id"]: a for a in json.loads(story_set.REWRITES.read_text(encoding="utf-8"))["articles"]}


def row(name: str, url: str | None = None, text: str | None = None) -> ArticleRow:
    """Return the loader row of a text written for the labelled set."""
    a = REWRITES[name]
    body = text or a["text"]
    published = datetime.fromisoformat(a["published"]).astimezone(UTC)
    return ArticleRow(
        url=url or f"https://{a['source']}.example/{name}",
        source=a["source"],
        title=a["title"],
        authors=[],
        published_at=published,
        modified_at=None,
        language=a["language"],
        text=body,
        word_count=len(body.split()),
        tags=[],
        image_url=None,
        site_name=None,
        content_hash=content_hash(body),
        fingerprint=f"{simhash(body):016x}",
        extractor_version="1",
        page_id=None,
        seen_at=published + timedelta(hours=1),
    )


def load(engine: Engine, *rows: ArticleRow) -> None:
    with engine.begin() as conn:
        load_articles(conn, list(rows))


def stories_of(engine: Engine) -> dict[str, int | None]:
    with engine.connect() as conn:
        return {
            r.url.rsplit("/", 1)[1]: r.story_id for r in conn.execute(select(Article.url, Article.story_id))
        }


def test_batches_join_stored_stories_and_keep_other_events_apart(engine: Engine) -> None:
    load(engine, row("rw-drones-en"), row("neg-baghdad-sameday"))
    with engine.connect() as conn:
        before = conn.execute(select(Story.id, Story.terms)).all()
    # A later batch: a copy of the first report with the outlet's chrome, and drone news of other days.
    copy = row("rw-drones-en", url="https://copy.example/rw-drones-en-copy")
    copy = replace(
        copy,
        text="Follow us on Telegram.\n" + copy.text + "\nShare this article",
        content_hash=content_hash("x" + copy.text),
        source="copy",
    )
    load(engine, copy, row("neg-drones-asad"), row("neg-drones-week"), row("neg-baghdad-rockets"))
    story = stories_of(engine)
    assert story["rw-drones-en-copy"] == story["rw-drones-en"]
    assert (
        len(
            {
                story[n]
                for n in (
                    "rw-drones-en",
                    "neg-baghdad-sameday",
                    "neg-drones-asad",
                    "neg-drones-week",
                    "neg-baghdad-rockets",
                )
            }
        )
        == 5
    )
    with engine.connect() as conn:
        copy_row = conn.execute(select(Article.duplicate_of_id).where(Article.url.like("%copy"))).scalar_one()
        original = conn.execute(select(Article.id).where(Article.url.like("%/rw-drones-en"))).scalar_one()
        drones = conn.execute(select(Story).where(Story.id == story["rw-drones-en"])).one()
        after = dict(conn.execute(select(Story.id, Story.terms)).tuples().all())
        bands = conn.execute(select(func.count()).select_from(ArticleBand)).scalar_one()
    assert copy_row == original
    assert drones.article_count == 2 and drones.sources == ["copy", "gulfwire"]
    # Placing the new batch changed no stored story's terms: nothing was clustered again.
    assert all(after[i] == terms for i, terms in before)
    assert bands == 6 * 16


def test_a_rewritten_report_joins_and_a_changed_text_is_placed_again(engine: Engine) -> None:
    load(engine, row("rw-kfw"), row("neg-kfw-restart"))
    load(engine, row("rw-brexit", url="https://moving.example/x"))
    story = stories_of(engine)
    assert story["x"] != story["rw-kfw"]
    # The page behind moving.example/x is corrected into a report of the KfW stop: it moves there.
    kfw = REWRITES["rw-kfw"]
    corrected = replace(
        row(
            "rw-kfw",
            url="https://moving.example/x",
            text=kfw["text"].replace("Die Bundesregierung", "Der Bund"),
        ),
        seen_at=datetime(2022, 1, 26, tzinfo=UTC),
    )
    load(engine, corrected)
    story = stories_of(engine)
    assert story["x"] == story["rw-kfw"] != story["neg-kfw-restart"]
    with engine.connect() as conn:
        counts = dict(conn.execute(select(Story.id, Story.article_count)).tuples().all())
        orphans = conn.execute(
            select(func.count()).select_from(StoryTerm).where(StoryTerm.story_id.not_in(select(Story.id)))
        ).scalar_one()
    kfw_story = story["rw-kfw"]
    assert kfw_story is not None and counts[kfw_story] == 2
    assert sorted(counts.values()) == [1, 2]  # the Brexit story is gone
    assert orphans == 0


def test_concurrent_loaders_place_one_event_in_one_story(engine: Engine) -> None:
    names = ["rw-bvi", "rw-boric", "rw-library", "rw-telegram"]
    rows = [row(n) for n in names] + [
        replace(row(n, url=f"https://other.example/{n}-2"), source="other") for n in names
    ]
    errors: list[BaseException] = []

    def worker(part: list[ArticleRow]) -> None:
        try:
            for r in part:
                load(engine, r)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(rows[i::2],)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    story = stories_of(engine)
    for n in names:
        assert story[n] == story[f"{n}-2"]
    with engine.connect() as conn:
        counts = conn.execute(select(Story.article_count)).scalars().all()
    assert sorted(counts) == [2, 2, 2, 2]
