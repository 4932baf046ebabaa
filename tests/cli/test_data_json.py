"""`--json` on the listings (articles, status, failures, sources): one array, full values; articles' sorting."""

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from newsingest.config import get_settings
from tests.cli.helpers import one_line_error, run_newsingest
from tests.cli.stored import AMN_FETCHED, AMN_URL, K24_URL, LONG_TITLE, Stored, bundled, stored_rows
from tests.conftest import write_sources


@pytest.fixture
def stored(engine: Engine) -> Stored:
    """The rows of tests/cli/stored.py in the test's database."""
    return stored_rows(engine)


def listed(*args: str) -> list[dict[str, Any]]:
    result = run_newsingest(*args, "--json")
    assert result.returncode == 0 and result.stderr == "", result.stderr
    document = json.loads(result.stdout)
    assert isinstance(document, list)
    return document


def test_articles_json_has_full_values_and_marks_copies(stored: Stored) -> None:
    rows = listed("articles", "--limit", "50")
    by_id = {row["id"]: row for row in rows}
    assert by_id[stored.amn_id]["url"] == AMN_URL and by_id[stored.amn_id]["title"] == LONG_TITLE
    assert by_id[stored.k24_id]["url"] == K24_URL and by_id[stored.k24_id]["duplicate_of_id"] == stored.amn_id
    assert by_id[stored.amn_id]["duplicate_of_id"] is None
    assert by_id[stored.amn_id]["published_at"] == "2022-01-03T09:30:00Z"
    assert by_id[stored.undated_id]["published_at"] is None and rows[-1]["id"] == stored.undated_id
    assert {
        "source",
        "first_seen_at",
        "last_seen_at",
        "language",
        "word_count",
        "authors",
        "story_id",
    } <= set(rows[0])


def test_articles_sort_by_ingest_time(stored: Stored) -> None:
    rows = listed("articles", "--sort", "ingested", "--limit", "3")
    seen = [row["first_seen_at"] for row in rows]
    assert len(rows) == 3 and seen == sorted(seen, reverse=True)
    assert listed("articles", "--sort", "ingested", "--source", "kurdistan24")[0]["id"] == stored.k24_id


def test_articles_table_marks_copies(stored: Stored) -> None:
    result = run_newsingest("articles", "--source", "kurdistan24")
    assert result.returncode == 0, result.stderr
    assert "dup of" in result.stdout
    (line,) = [line for line in result.stdout.splitlines() if line.lstrip().startswith(f"{stored.k24_id} ")]
    assert f" {stored.amn_id} " in line


def test_a_bad_sort_is_a_mistake(stored: Stored) -> None:
    result = run_newsingest("articles", "--sort", "title")
    assert result.returncode == 2 and "choose one of published, ingested" in one_line_error(result)


def test_failures_json_has_the_whole_url_and_detail(stored: Stored) -> None:
    rows = listed("failures")
    (extract,) = [row for row in rows if row["stage"] == "extract"]
    assert extract["url"] == AMN_FETCHED and extract["detail"].endswith("a video player and a sign-up form")
    (fetch,) = [row for row in rows if row["stage"] == "fetch"]
    assert fetch["attempts"] == 3 and fetch["http_status"] == 500 and fetch["resolved_at"] is None
    assert fetch["last_seen_at"].endswith("Z")
    assert [row["stage"] for row in listed("failures", "--stage", "fetch")] == ["fetch"]


def test_status_json(stored: Stored, tmp_path: Path) -> None:
    sources_file = write_sources(tmp_path / "sources.yaml", *bundled("amn", "kurdistan24", "demo"))
    rows = {row["source"]: row for row in listed("status", "--sources-file", str(sources_file))}
    assert set(rows) == {"amn", "kurdistan24", "demo"}
    assert rows["amn"]["last_state"] == "completed" and rows["amn"]["last_run_at"].endswith("Z")
    assert rows["kurdistan24"]["stale"] is True and rows["kurdistan24"]["last_run_at"] is None
    assert rows["demo"]["enabled"] is False and rows["amn"]["new_7d"] >= rows["amn"]["new_24h"] >= 1


def test_sources_json_is_the_whole_configuration() -> None:
    rows = listed("sources", "--file", str(get_settings().sources_file))
    amn = next(row for row in rows if row["slug"] == "amn")
    assert amn["domain"] == "americanmilitarynews.com" and amn["schedule"] == "*/30 * * * *"
    assert all(url.startswith("https://") for url in amn["feeds"]) and "rules" in amn


@pytest.mark.usefixtures("engine")
def test_an_empty_database_says_so_and_json_is_an_empty_array() -> None:
    for command, message in (("articles", "no articles stored yet"), ("failures", "no unresolved failures")):
        result = run_newsingest(command)
        assert result.returncode == 0 and result.stdout.strip() == message, result.stderr
        assert listed(command) == []
