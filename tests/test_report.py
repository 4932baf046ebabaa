"""Every table at 80 columns, rendered by rich from real rows: no line too long, no header cut, values read."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rich.console import Console, RenderableType
from sqlalchemy import Engine

from newsingest.columns import Col, FittedTable, ago, crop, duration, short_url
from newsingest.export import ExportResult
from newsingest.ops_queries import open_failures, source_status
from newsingest.queries import article_detail, latest_articles, runs_started_since, source_domains
from newsingest.report import (
    article_view,
    articles_table,
    export_line,
    failures_table,
    sources_table,
    status_table,
    summary_table,
)
from tests.cli.stored import AMN_URL, K24_URL, NOW, Stored, bundled, stored_rows

WIDTH = 80


def render(renderable: RenderableType, width: int = WIDTH) -> list[str]:
    """Return the lines rich prints for renderable at width, trailing blanks removed."""
    console = Console(width=width, record=True, file=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    console.print(renderable)
    return [line.rstrip() for line in console.export_text().splitlines()]


def check_fits(lines: list[str], headers: list[str], width: int = WIDTH) -> str:
    """Assert no line is wider than width and the header line holds every header whole; return the text."""
    from rich.cells import cell_len

    too_long = [line for line in lines if cell_len(line) > width]
    assert not too_long, "\n".join(too_long)
    header_lines = [line for line in lines if all(h in line for h in headers)]
    assert header_lines, f"no line holds all of {headers}:\n" + "\n".join(lines)
    return "\n".join(lines)


@pytest.fixture
def stored(engine: Engine) -> Stored:
    """The stored rows of tests/cli/stored.py in the test's database."""
    return stored_rows(engine)


def test_summary_of_a_real_run_fits(engine: Engine, stored: Stored) -> None:
    summaries = runs_started_since(engine, NOW - timedelta(days=1), [])
    # A big interrupted run beside it: wide numbers, the longest status, an hour's duration.
    summaries.append(
        {
            "source": "kurdistan24",
            "status": "interrupted",
            "discovered": 100_000,
            "fetched": 99_999,
            "new": 12_345,
            "updated": 3,
            "duplicates": 2,
            "failed": 1_234,
            "duration_s": 3725.0,
        }
    )
    text = check_fits(
        render(summary_table(summaries)),
        ["source", "status", "found", "fetched", "new", "updated", "dup", "failed", "time"],
    )
    assert "Run summary" in text
    for value in ("amn", "completed", "kurdistan24", "interrupted", "100,000", "99,999", "12,345", "1h02m"):
        assert value in text


@pytest.mark.parametrize("sort", ["published", "ingested"])
def test_articles_fit_with_titles_urls_and_copies(engine: Engine, stored: Stored, sort: str) -> None:
    rows = latest_articles(engine, None, 20, sort)
    lines = render(articles_table(rows, sort, source_domains(engine), now=NOW))
    text = check_fits(lines, ["id", sort, "source", "words", "dup of", "title / url"])
    (copy_line,) = [line for line in lines if line.lstrip().startswith(f"{stored.k24_id} ")]
    assert re.search(rf"kurdistan24 +\d+ +{stored.amn_id} ", copy_line), copy_line  # "dup of" the amn id
    # The source's own host is dropped and the path's end kept; the title starts whole.
    assert "americanmilitarynews.com" not in text and "-attack-us-troops-in-iraq/" in text
    assert "2 suicide drones shot down" in text and "…" in text
    assert ("undated" if sort == "published" else "2 d ago") in text


def test_articles_sorted_by_ingest_time_newest_first(engine: Engine, stored: Stored) -> None:
    ids = [row.id for row in latest_articles(engine, None, 20, "ingested")]
    assert ids.index(stored.amn_id) < ids.index(stored.undated_id)  # 3 min ago before 2 days ago


def test_undated_articles_come_last_on_both_databases(engine: Engine, stored: Stored) -> None:
    # PostgreSQL sorts NULL first in a descending order: the newest were below every undated article.
    published = [row.id for row in latest_articles(engine, None, 20)]
    assert published[-1] == stored.undated_id and published[0] != stored.undated_id


def test_status_fits_with_relative_times_and_flags(engine: Engine, stored: Stored) -> None:
    statuses = source_status(engine, bundled("amn", "kurdistan24", "demo"))
    text = check_fits(
        render(status_table(statuses, now=datetime.now(UTC))),
        ["source", "last run", "state", "last ok", "new 24h", "new 7d", "fail 24h", "flag"],
    )
    assert not re.search(r"\d{4}-\d\d-\d\d", text) and "just now" in text  # relative, not 2026-…
    assert "completed" in text and "never run" in text and "STALE" in text and "off" in text


def test_failures_fit_with_the_url_tail_and_the_detail(engine: Engine, stored: Stored) -> None:
    rows = open_failures(engine)
    text = check_fits(
        render(failures_table(rows, source_domains(engine))),
        ["last seen", "source", "stage", "error", "tries", "url / detail"],
    )
    for value in ("kurdistan24", "HTTP 500", "EmptyExtraction", "extract", "server answered 500"):
        assert value in text
    assert "-no-longer-fits" in text  # the end of the path, where the slug is
    assert "utm_source" not in text and "www." not in text  # tracking parameters and the source's host go
    assert "no article text found" in text  # details keep their start


def test_sources_fit() -> None:
    path = Path("/etc/newsingest/sources.yaml")
    text = check_fits(
        render(sources_table(path, bundled("amn", "kurdistan24", "demo"))),
        ["slug", "domain", "schedule", "feeds", "maps", "lists", "rules"],
    )
    for value in ("amn", "americanmilitarynews.com", "kurdistan24.net", "*/30 * * * *", "off"):
        assert value in text


def test_one_article_fits_with_its_versions_copies_and_failures(engine: Engine, stored: Stored) -> None:
    detail = article_detail(engine, stored.amn_id)
    assert detail is not None
    text = check_fits(render(article_view(detail)), ["seen", "words", "hash", "title"])
    assert "Earlier versions (1)" in text and "Failures (1)" in text and "EmptyExtraction" in text
    assert "Correction: the attack was near Ain al-Asad air base" in text
    assert "copied by" in text and f"#{stored.k24_id} kurdistan24" in text
    # The full URLs are printed (folded, never cut): they are there to be copied.
    joined = "".join(line.strip() for line in text.splitlines())
    assert AMN_URL in joined and K24_URL in joined


def test_the_export_line() -> None:
    assert export_line(ExportResult(12345, "csv", "out.csv")) == "exported 12,345 articles as csv to out.csv"
    assert export_line(ExportResult(1, "jsonl", "-")).endswith("to stdout")


@pytest.mark.parametrize("width", [60, 80, 120])
def test_a_table_too_wide_gives_up_its_flexible_columns_never_a_header(width: int) -> None:
    table = FittedTable(
        "t",
        [Col("id", right=True), Col("title", flex=2, floor=10), Col("url", flex=1, floor=8, tail=True)],
    )
    table.add_row("1", "x" * 200, "https://example.com/" + "a" * 100 + "/the-end")
    lines = render(table, width)
    check_fits(lines, ["id", "title", "url"], width)
    assert any(line.rstrip().endswith("/the-end") for line in lines)


def test_crop_keeps_the_start_or_the_end_within_cells() -> None:
    assert crop("abcdef", 10) == "abcdef"
    assert crop("abcdef", 4) == "abc…"
    assert crop("abcdef", 4, tail=True) == "…def"
    assert crop("埃尔比勒农民", 5) == "埃尔…"  # wide characters count two cells
    assert crop("abc", 0) == ""


def test_relative_times_and_durations() -> None:
    now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    assert ago(now - timedelta(seconds=3), now) == "just now"
    assert ago(now - timedelta(seconds=42), now) == "42 s ago"
    assert ago(now - timedelta(minutes=3), now) == "3 min ago"
    assert ago(now - timedelta(hours=5), now) == "5 h ago"
    assert ago(now - timedelta(days=2), now) == "2 d ago"
    assert ago(datetime(2022, 1, 3, tzinfo=UTC), now) == "2022-01-03"
    assert ago(None, now) == "never" and ago(None, now, never="-") == "-"
    assert [duration(s) for s in (4.2, 185, 3725, "", None)] == ["4.2s", "3m05s", "1h02m", "-", "-"]


def test_short_urls_drop_the_sources_host_and_tracking() -> None:
    url = "https://www.americanmilitarynews.com/2022/01/x/?utm_source=rss&id=3#top"
    assert short_url(url, "americanmilitarynews.com") == "/2022/01/x/?id=3"
    assert short_url(url, "kurdistan24.net") == "americanmilitarynews.com/2022/01/x/?id=3"
    assert short_url("http://127.0.0.1:8765/a.html", "127.0.0.1") == "/a.html"
    assert short_url("http://[::1", None) == "http://[::1"  # unusable links are shown as they are
