"""Terminal output for people: run summaries, articles, one article, source status, failures, sources.

Every table fits 80 columns: few columns, relative times, URLs without the source's own host and cropped
from the left. `--json` prints the full values (print_json).
"""

import json
import sys
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from newsingest.columns import Col, FittedTable, ago, count, duration, short_url

if TYPE_CHECKING:
    from newsingest.export import ExportResult
    from newsingest.ops_queries import SourceStatus
    from newsingest.queries import ArticleDetail
    from newsingest.sources import Source

# (summary key, header): the counts an operator reads first; the rest are in the flow's artifact.
SUMMARY_COLUMNS = (
    ("discovered", "found"),
    ("fetched", "fetched"),
    ("new", "new"),
    ("updated", "updated"),
    ("duplicates", "dup"),
    ("failed", "failed"),
)


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def summary_table(summaries: Iterable[Mapping[str, Any]]) -> FittedTable:
    """Return a table of per-source run counts: status, URLs found and fetched, articles, failures, time."""
    table = FittedTable(
        "Run summary",
        [
            Col("source", flex=1, floor=12),
            Col("status"),
            *(Col(header, right=True) for _, header in SUMMARY_COLUMNS),
            Col("time", right=True),
        ],
    )
    for summary in summaries:
        table.add_row(
            str(summary.get("source", "")),
            str(summary.get("status", "")),
            *(count(summary.get(key, "")) for key, _ in SUMMARY_COLUMNS),
            duration(summary.get("duration_s")),
        )
    return table


def articles_table(
    rows: Iterable[Any],
    sort: str = "published",
    domains: Mapping[str, str] | None = None,
    now: datetime | None = None,
    fold: bool = False,
) -> FittedTable:
    """Return a table of articles: id, publication or ingest time, source, words, copy of, title and URL.

    fold: the rows are texts (latest_articles(fold=True)) and the copy column counts their copies.
    """
    now, domains = _now(now), domains or {}
    table = FittedTable(
        "Latest articles" if sort == "published" else "Latest ingested articles",
        [
            Col("id", right=True),
            Col(sort),
            Col("source", flex=1, floor=12),
            Col("words", right=True),
            Col("copies" if fold else "dup of", right=True),
            Col("title / url", flex=4, floor=20),
        ],
    )
    for row in rows:
        when = row.published_at if sort == "published" else row.first_seen_at
        table.add_row(
            str(row.id),
            ago(when, now, never="undated"),
            row.source,
            count(row.word_count),
            (count(row.copies) if row.copies else "") if fold else str(row.duplicate_of_id or ""),
            (row.title or "(no title)", short_url(row.url, domains.get(row.source))),
        )
    return table


def stories_table(rows: Iterable[Any], now: datetime | None = None) -> FittedTable:
    """Return a table of stories: id, last and first seen, articles, languages, sources and title."""
    now = _now(now)
    table = FittedTable(
        "Latest stories",
        [
            Col("id", right=True),
            Col("last seen"),
            Col("first seen"),
            Col("arts", right=True),
            Col("lang"),
            Col("sources", flex=1, floor=10),
            Col("title", flex=3, floor=20),
        ],
    )
    for row in rows:
        table.add_row(
            str(row.id),
            ago(row.last_seen_at, now),
            ago(row.first_seen_at, now),
            count(row.article_count),
            ",".join(row.languages),
            ", ".join(row.sources) or "-",
            row.title,
        )
    return table


def status_table(rows: Iterable["SourceStatus"], now: datetime | None = None) -> FittedTable:
    """Return a table of each source's last run and its state, last success, new articles, failures, flag."""
    now = _now(now)
    table = FittedTable(
        "Sources",
        [
            Col("source", flex=1, floor=12),
            Col("last run"),
            Col("state"),
            Col("last ok"),
            Col("new 24h", right=True),
            Col("new 7d", right=True),
            Col("fail 24h", right=True),
            Col("flag"),
        ],
    )
    for row in rows:
        table.add_row(
            row.source,
            ago(row.last_run_at, now),
            row.last_state,
            ago(row.last_success_at, now),
            count(row.new_24h),
            count(row.new_7d),
            count(row.failures_24h),
            "STALE" if row.stale else ("off" if not row.enabled else ""),
        )
    return table


def failures_table(
    rows: Iterable[Any],
    domains: Mapping[str, str] | None = None,
    now: datetime | None = None,
    title: str | None = "Unresolved failures",
) -> FittedTable:
    """Return a table of failures rows or mappings (ops_queries.open_failures): URLs, details below."""
    now, domains = _now(now), domains or {}
    table = FittedTable(
        title,
        [
            Col("last seen"),
            Col("source", flex=1, floor=12),
            Col("stage"),
            Col("error", flex=1, floor=16),
            Col("tries", right=True),
            Col("url / detail", flex=3, floor=20, tail=True, tail_below=False),
        ],
    )
    for row in rows:
        f = row if isinstance(row, Mapping) else row._mapping
        table.add_row(
            ago(f["last_seen_at"], now),
            f["source"],
            f["stage"],
            f["error_class"],
            count(f["attempts"]),
            (short_url(f["url"], domains.get(f["source"])), " ".join(f["detail"].split())),
        )
    return table


def sources_table(path: Path, sources: Iterable["Source"]) -> FittedTable:
    """Return a table of a sources file: domain, schedule ("off" when disabled), entry points, rules."""
    table = FittedTable(
        f"Sources in {path}",
        [
            Col("slug", flex=1, floor=12),
            Col("domain", flex=2, floor=16),
            Col("schedule"),
            Col("feeds", right=True),
            Col("maps", right=True),
            Col("lists", right=True),
            Col("rules", right=True),
        ],
    )
    for s in sources:
        table.add_row(
            s.slug,
            s.domain,
            s.schedule if s.enabled else "off",
            str(len(s.feeds)),
            str(len(s.sitemaps)),
            str(len(s.listings)),
            str(len(s.rules.drop_selectors) + len(s.rules.drop_line_patterns)),
        )
    return table


def _when(value: datetime | None, now: datetime) -> str:
    if value is None:
        return "-"
    relative = ago(value, now)
    exact = f"{value.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    return exact if relative[:1].isdigit() and "-" in relative else f"{exact} ({relative})"


def _article_ref(row: Mapping[str, Any]) -> str:
    return f"#{row['id']} {row['source']} {row['url']}"


def _story_line(story: Mapping[str, Any]) -> str:
    sources = ", ".join(story.get("sources") or [])
    articles = f"{count(story['article_count'])} article{'s' if story['article_count'] != 1 else ''}"
    return f"#{story['id']} {story['title']} ({articles}{f' from {sources}' if sources else ''})"


def _story_others(detail: "ArticleDetail") -> list[str]:
    """Return a line per other article of the story that is not listed as the original or a copy."""
    story = detail.story or {}
    listed = {c["id"] for c in detail.duplicates} | (
        {detail.duplicate_of["id"]} if detail.duplicate_of else set()
    )
    lines = [_article_ref(other) for other in story.get("articles", []) if other["id"] not in listed]
    more = story.get("article_count", 0) - 1 - len(story.get("articles", []))
    return lines + ([f"… and {count(more)} more"] if more > 0 else [])


def article_view(detail: "ArticleDetail", now: datetime | None = None) -> Group:
    """Return one article for reading: its metadata, story and copies, text, earlier versions, failures."""
    now, article = _now(now), detail.article
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column(overflow="fold")  # the full URL, folded rather than cut: it is there to be copied
    story = detail.story
    for name, value in (
        ("id", str(article["id"])),
        ("source", article["source"]),
        ("url", article["url"]),
        ("published", _when(article["published_at"], now)),
        ("modified", _when(article["modified_at"], now)),
        ("authors", ", ".join(article["authors"]) or "-"),
        ("language", article["language"]),
        ("words", count(article["word_count"])),
        ("ingested", _when(article["first_seen_at"], now)),
        ("updated", _when(article["last_seen_at"], now)),
        ("extractor", str(article["extractor_version"])),
        ("story", _story_line(story) if story else "-"),
        ("copy of", _article_ref(detail.duplicate_of) if detail.duplicate_of else "-"),
        *(("copied by", _article_ref(copy)) for copy in detail.duplicates),
        *(("same story", line) for line in _story_others(detail)),
    ):
        facts.add_row(name, Text(value))
    parts: list[RenderableType] = [
        Text(article["title"] or "(no title)", style="bold"),
        facts,
        # A blank line between paragraphs (stored one a line): the text is read here, not parsed.
        Padding(Text("\n\n".join(line for line in article["text"].splitlines() if line.strip())), (1, 0)),
    ]
    if detail.versions:
        versions = FittedTable(
            f"Earlier versions ({len(detail.versions)})",
            [Col("seen"), Col("words", right=True), Col("hash"), Col("title", flex=1, floor=10)],
        )
        for version in detail.versions:
            versions.add_row(
                ago(version["seen_at"], now),
                count(len(version["text"].split())),
                version["content_hash"][:12],
                version["title"] or "(no title)",
            )
        parts.append(versions)
    if detail.failures:
        parts.append(failures_table(detail.failures, now=now, title=f"Failures ({len(detail.failures)})"))
    return Group(*parts)


def export_line(result: "ExportResult") -> str:
    """Return the line saying what an export wrote."""
    where = "stdout" if result.destination == "-" else result.destination
    return f"exported {result.rows:,} articles as {result.format} to {where}"


def print_tables(*tables: RenderableType, piped_width: int = 200) -> None:
    """Print tables to stdout, at the terminal's width, or at piped_width when stdout is not a terminal."""
    # Piped output (logs, files) gets room for whole titles and URLs.
    console = Console(width=None if sys.stdout.isatty() else piped_width)
    for table in tables:
        console.print(table)


def print_json(value: object) -> None:
    """Print value as indented JSON (datetimes in ISO 8601 UTC), whole: for programs, not people."""
    from newsingest.export import json_default

    sys.stdout.write(json.dumps(value, default=json_default, ensure_ascii=False, indent=2) + "\n")
