"""Terminal tables for people: run summaries and the latest articles."""

import sys
from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.table import Table

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


def print_tables(*tables: Table) -> None:
    """Print tables to stdout."""
    # Piped output (logs, files) gets wide rows instead of rich's 80-column wrapping.
    console = Console(width=None if sys.stdout.isatty() else 200)
    for table in tables:
        console.print(table)
