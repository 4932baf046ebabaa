"""`newsingest stories` and the story in `newsingest show`, through the installed script and at 80 columns."""

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from newsingest.contracts import ArticleRow
from newsingest.db.load import load_articles
from newsingest.db.models import Article
from newsingest.dedup import content_hash, simhash
from newsingest.queries import article_detail, latest_articles, recent_stories
from newsingest.report import article_view, articles_table, stories_table
from tests.cli.helpers import run_newsingest
from tests.stories.test_migration import REPORT
from tests.stories.test_placing import row
from tests.test_report import check_fits, render

NOW = datetime(2022, 2, 15, tzinfo=UTC)


def other_words(base: ArticleRow, url: str, source: str, title: str, text: str) -> ArticleRow:
    """Return base rewritten by another outlet, three hours later."""
    return replace(
        base,
        url=url,
        source=source,
        title=title,
        text=text,
        word_count=len(text.split()),
        content_hash=content_hash(text),
        fingerprint=f"{simhash(text):016x}",
        published_at=(base.published_at or base.seen_at) + timedelta(hours=3),
    )


@pytest.fixture
def stored(engine: Engine) -> dict[str, int]:
    """The drone attack from three outlets (a copy, a report in other words, one in German), and others."""
    drones = row("rw-drones-en")
    copy = drones.text + "\nShare this article: Facebook Twitter WhatsApp Email"
    rows = [
        drones,
        other_words(
            drones,
            "https://wire.example/drones-wire",
            "wire-service-with-a-very-long-name",
            drones.title or "",
            copy,
        ),
        other_words(
            drones,
            "https://report.example/drones-report",
            "report",
            "Drones downed near Baghdad airport",
            REPORT,
        ),
        row("neg-baghdad-sameday"),
        row("rw-kfw"),
        row("neg-kfw-restart"),
    ]
    with engine.begin() as conn:
        load_articles(conn, rows)
    with engine.connect() as conn:
        return {r.url.rsplit("/", 1)[1]: r.id for r in conn.execute(select(Article.url, Article.id))}


def stories_json(*args: str) -> list[dict[str, object]]:
    result = run_newsingest("stories", *args, "--json")
    assert result.returncode == 0 and result.stderr == "", result.stderr
    listed: list[dict[str, object]] = json.loads(result.stdout)
    return listed


def test_stories_lists_the_latest_with_their_sources_and_filters(stored: dict[str, int]) -> None:
    listed = stories_json()
    assert [s["article_count"] for s in listed] == [1, 1, 1, 3]  # latest seen first: the KfW restart
    drones = listed[3]
    assert drones["sources"] == ["gulfwire", "report", "wire-service-with-a-very-long-name"]
    assert drones["languages"] == ["en"] and drones["title"] == row("rw-drones-en").title
    assert set(drones) == {
        "id",
        "title",
        "first_seen_at",
        "last_seen_at",
        "article_count",
        "sources",
        "languages",
    }
    assert [s["id"] for s in stories_json("--source", "report")] == [drones["id"]]
    assert [s["id"] for s in stories_json("--min-articles", "2")] == [drones["id"]]
    assert len(stories_json("--since", "2022-01-20")) == 2  # the KfW stories, January's end
    assert [s["id"] for s in stories_json("--limit", "1")] == [listed[0]["id"]]
    table = run_newsingest("stories", "--source", "report")
    assert table.returncode == 0 and "Latest stories" in table.stdout and "Baghdad" in table.stdout
    assert run_newsingest("stories", "--source", "nobody").stdout == "no stories match\n"


def test_the_stories_table_fits_80_columns(engine: Engine, stored: dict[str, int]) -> None:
    text = check_fits(
        render(stories_table(recent_stories(engine), now=NOW)),
        ["id", "last seen", "first seen", "arts", "lang", "sources", "title"],
    )
    assert "2022-01-03" in text and "gulfwire" in text and "de" in text and "…" in text


def test_show_names_the_story_and_its_other_articles(engine: Engine, stored: dict[str, int]) -> None:
    detail = article_detail(engine, stored["drones-report"])  # the report in other words
    assert detail is not None and detail.story is not None
    assert [a["id"] for a in detail.story["articles"]] == [stored["rw-drones-en"], stored["drones-wire"]]
    text = check_fits(render(article_view(detail, now=NOW)), ["story"])
    assert f"#{detail.story['id']} US-led coalition downs two armed drones" in text
    assert "(3 articles from gulfwire, report, wire-service-with-a-very-long-name)" in " ".join(text.split())
    assert f"same story  #{stored['rw-drones-en']} gulfwire" in text
    result = run_newsingest("show", str(stored["drones-report"]), "--json")
    assert result.returncode == 0, result.stderr
    story = json.loads(result.stdout)["story"]
    assert story["article_count"] == 3 and len(story["articles"]) == 2


def articles_json(*args: str) -> list[dict[str, object]]:
    result = run_newsingest("articles", *args, "--json")
    assert result.returncode == 0 and result.stderr == "", result.stderr
    listed: list[dict[str, object]] = json.loads(result.stdout)
    return listed


def test_articles_fold_lists_each_text_once_with_its_copies(engine: Engine, stored: dict[str, int]) -> None:
    every = articles_json()
    assert {a["id"] for a in every} == set(stored.values())
    folded = articles_json("--fold")
    assert [a["id"] for a in folded] == [a["id"] for a in every if a["id"] != stored["drones-wire"]]
    copies = {a["id"]: int(str(a["copies"])) for a in folded}
    assert copies[stored["rw-drones-en"]] == 1 and sum(copies.values()) == 1
    assert articles_json("--fold", "--limit", "2") == folded[:2]
    # A source whose only article copies another's text: nothing of its own to list.
    only_copies = run_newsingest("articles", "--fold", "--source", "wire-service-with-a-very-long-name")
    assert only_copies.stdout == "no articles of wire-service-with-a-very-long-name stored yet but copies\n"
    text = check_fits(
        render(articles_table(latest_articles(engine, None, 20, fold=True), now=NOW, fold=True)),
        ["id", "published", "source", "words", "copies", "title / url"],
    )
    assert "drones-wire" not in text and "gulfwire.example/rw-drones-en" in text
