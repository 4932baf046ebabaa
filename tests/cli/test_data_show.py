"""`newsingest show ID|URL` through the installed script: by id, by any form of the URL, not found, mistakes."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from newsingest.crawl.items import RawPage
from newsingest.crawl.store import PageStore
from newsingest.db.load import load_articles
from newsingest.db.models import Page, table_of
from tests.cli.helpers import one_line_error, run_newsingest
from tests.cli.stored import AMN_FETCHED, AMN_PATH, AMN_URL, K24_URL, NOW, Stored, article, stored_rows
from tests.cli.test_lazy_imports import PIPELINE, loaded_modules

SHORTLINK = "https://americanmilitarynews.com/?p=4711"
DECLARED = "https://americanmilitarynews.com/2022/01/declared-canonical/"


@pytest.fixture
def stored(engine: Engine) -> Stored:
    """The rows of tests/cli/stored.py, plus an article fetched under a shortlink it redirects from."""
    rows = stored_rows(engine)
    store = PageStore(engine, "amn", None)
    store.add_page(RawPage(SHORTLINK, DECLARED, 200, {}, b"<html>x</html>", NOW - timedelta(hours=1)))
    store.flush()
    pages = table_of(Page)
    with engine.connect() as conn:
        page_id = conn.execute(select(pages.c.id).where(pages.c.url == SHORTLINK)).scalar_one()
    with engine.begin() as conn:
        load_articles(conn, [article(DECLARED, "amn", "Declared text.", NOW, page_id=page_id)])
    return rows


def shown(*args: str) -> dict[str, object]:
    result = run_newsingest("show", *args, "--json")
    assert result.returncode == 0, result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    return document


def article_id(document: dict[str, object]) -> int:
    article = document["article"]
    assert isinstance(article, dict)
    return int(article["id"])


def test_by_id_prints_metadata_text_versions_copies_and_failures(stored: Stored) -> None:
    result = run_newsingest("show", str(stored.amn_id))
    assert result.returncode == 0 and result.stderr == "", result.stderr
    out = result.stdout
    assert "2 suicide drones shot down while trying to attack US troops" in out
    assert "Correction: the attack was near Ain al-Asad air base, not Baghdad." in out
    for label in ("published", "authors", "language", "words", "ingested", "updated", "story", "copied by"):
        assert label in out
    assert "Carla Babb, Dilan Rashid" in out and "Earlier versions (1)" in out
    assert "Failures (1)" in out and "EmptyExtraction" in out


def test_json_is_one_object_with_everything(stored: Stored) -> None:
    document = shown(str(stored.amn_id))
    assert set(document) == {"article", "versions", "story", "duplicate_of", "duplicates", "failures"}
    article = document["article"]
    assert isinstance(article, dict)
    assert article["url"] == AMN_URL and article["published_at"] == "2022-01-03T09:30:00Z"
    assert article["authors"] == ["Carla Babb", "Dilan Rashid"] and article["text"].endswith("not Baghdad.")
    versions, duplicates, failures = document["versions"], document["duplicates"], document["failures"]
    assert isinstance(versions, list) and isinstance(duplicates, list) and isinstance(failures, list)
    assert [v["title"] for v in versions] == ["Drones"]
    assert [(d["id"], d["url"]) for d in duplicates] == [(stored.k24_id, K24_URL)]
    assert [(f["stage"], f["url"]) for f in failures] == [("extract", AMN_FETCHED)]
    assert document["story"] and document["story"]["article_count"] == 2  # type: ignore[index]
    copy = shown(str(stored.k24_id))
    assert copy["duplicate_of"] == {
        "id": stored.amn_id,
        "source": "amn",
        "url": AMN_URL,
        "title": article["title"],
    }


@pytest.mark.parametrize(
    "form",
    [
        AMN_URL,  # as stored
        AMN_FETCHED,  # as the feed linked it: www., tracking parameters, a fragment
        f"HTTPS://WWW.AmericanMilitaryNews.com:443{AMN_PATH}?utm_campaign=x",  # another spelling
        f"  https://americanmilitarynews.com{AMN_PATH}#top  ",  # pasted with blanks
    ],
    ids=["canonical", "fetched", "spelled-otherwise", "with-blanks"],
)
def test_by_url_in_any_form(stored: Stored, form: str) -> None:
    assert article_id(shown(form)) == stored.amn_id


def test_by_the_url_it_was_fetched_under(stored: Stored, engine: Engine) -> None:
    document = shown(SHORTLINK)
    article = document["article"]
    assert isinstance(article, dict) and article["url"] == DECLARED


@pytest.mark.parametrize(
    "key", ["987654", "https://americanmilitarynews.com/2022/01/never-stored/"], ids=["id", "url"]
)
def test_not_found_is_exit_1_and_one_line(stored: Stored, key: str) -> None:
    result = run_newsingest("show", key)
    assert result.returncode == 1 and result.stdout == ""
    assert "not found: no article with" in one_line_error(result) and key in result.stderr


@pytest.mark.parametrize("key", ["twelve", "-3", "ftp://example.com/a", "http://[::1/a", "1.5"])
def test_a_malformed_argument_is_exit_2_and_one_line(stored: Stored, key: str) -> None:
    result = run_newsingest("show", key)
    assert result.returncode == 2, result.stderr
    one_line_error(result)


@pytest.mark.usefixtures("stored")
@pytest.mark.parametrize("args", [["show", "1"], ["export", "--format", "csv"]], ids=" ".join)
def test_show_and_export_do_not_load_the_pipeline(tmp_path: Path, args: list[str]) -> None:
    assert not loaded_modules(tmp_path, *args) & PIPELINE
