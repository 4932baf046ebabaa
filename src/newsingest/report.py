"""Terminal tables for people: run summaries, articles, source status, failures and sources."""

import sys
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from newsingest.ops import SourceStatus
    from newsingest.sources import Source

SUMMARY_COLUMNS = (
    "source",
    "status",
    "discovered",
    "skipped_known",
    "fetched",
    "new",
    "updated",
    "unchanged",
    "duplicates",
    "failed",
    "duration_s",
)


def summary_table(summaries: Iterable[dict[str, Any]]) -> Table:
    """Return a table of per-source run counts."""
    table = Table(title="Run summary")
    for column in SUMMARY_COLUMNS:
        table.add_column(column, justify="left" if column in ("source", "status") else "right")
    for summary in summaries:
        table.add_row(*(str(summary.get(c, "")) for c in SUMMARY_COLUMNS))
    return table


def articles_table(rows: Iterable[Any]) -> Table:
    """Return a table of articles (published, source, language, words, title, URL)."""
    table = Table(title="Latest articles")
    for column in ("published (UTC)", "source", "lang", "words", "title", "url"):
        table.add_column(column, overflow="fold", justify="right" if column == "words" else "left")
    for row in rows:
        published = row.published_at.strftime("%Y-%m-%d %H:%M") if row.published_at else "?"
        table.add_row(published, row.source, row.language, str(row.word_count), row.title or "", row.url)
    return table


def when(value: datetime | None) -> str:
    """Return a UTC time to the minute, or '-'."""
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


STATUS_COLUMNS = (
    "source",
    "enabled",
    "last run",
    "state",
    "last success",
    "new 24 h",
    "new 7 d",
    "failures 24 h",
    "stale",
)


def status_table(rows: Iterable["SourceStatus"]) -> Table:
    """Return a table of each source's last run, last success, new articles, failures and stale flag."""
    table = Table(title="Sources (times in UTC)")
    for column in STATUS_COLUMNS:
        table.add_column(column)
    for row in rows:
        table.add_row(
            row.source,
            "yes" if row.enabled else "no",
            when(row.last_run_at),
            row.last_state,
            when(row.last_success_at),
            str(row.new_24h),
            str(row.new_7d),
            str(row.failures_24h),
            "STALE" if row.stale else "",
        )
    return table


def failures_table(rows: Iterable[Any]) -> Table:
    """Return a table of failures rows, as they come from newsingest.ops.open_failures."""
    table = Table(title="Unresolved failures")
    for column in ("last seen", "source", "stage", "error", "HTTP", "attempts", "url", "detail"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            when(row.last_seen_at),
            row.source,
            row.stage,
            row.error_class,
            str(row.http_status or ""),
            str(row.attempts),
            row.url,
            row.detail[:120],
        )
    return table


def sources_table(path: Path, sources: Iterable["Source"]) -> Table:
    """Return a table of a sources file's sources: entry points, schedule and rule count."""
    table = Table(title=f"Sources in {path}")
    for column in ("slug", "name", "domain", "enabled", "schedule", "feeds", "sitemaps", "listings", "rules"):
        table.add_column(column)
    for s in sources:
        table.add_row(
            s.slug,
            s.name,
            s.domain,
            "yes" if s.enabled else "no",
            s.schedule,
            str(len(s.feeds)),
            str(len(s.sitemaps)),
            str(len(s.listings)),
            str(len(s.rules.drop_selectors) + len(s.rules.drop_line_patterns)),
        )
    return table


def print_tables(*tables: Table) -> None:
    """Print tables to stdout."""
    # Piped output (logs, files) gets wide rows instead of rich's 80-column wrapping.
    console = Console(width=None if sys.stdout.isatty() else 200)
    for table in tables:
        console.print(table)
