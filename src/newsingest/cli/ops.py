"""Operating commands: source status, failures, re-queueing them, the sources file and the database."""

from datetime import UTC, datetime
from pathlib import Path

import typer

from newsingest.cli.args import configured_sources, parse_day, sources_path
from newsingest.cli.database import existing_database, upgraded_database


def status(
    sources_file: Path = typer.Option(None, help="sources.yaml (default: the configured one)."),
) -> None:
    """Show each source's last run, last success, new articles, failures and a stale flag."""
    from newsingest.ops import source_status
    from newsingest.report import print_tables, status_table

    sources = configured_sources(sources_file)
    print_tables(status_table(source_status(existing_database(), sources)))


def failures(
    source: str = typer.Option(None, "--source", "-s", help="Only this source."),
    stage: str = typer.Option(
        None, help="Only this stage (fetch, robots, too_large, discover, extract, empty…)."
    ),
    since: str = typer.Option(None, help="Only failures seen on or after this day, YYYY-MM-DD."),
    limit: int = typer.Option(50, "--limit", "-n", min=1),
) -> None:
    """List unresolved failures, newest first."""
    from newsingest.ops import open_failures
    from newsingest.report import failures_table, print_tables

    day = parse_day(since, "--since")
    start = datetime.combine(day, datetime.min.time(), UTC) if day else None
    print_tables(failures_table(open_failures(existing_database(), source, stage, start, limit)))


def retry_failures(
    source: str = typer.Option(None, "--source", "-s", help="Only this source."),
) -> None:
    """Re-queue failed URLs: the next run fetches them again and reprocesses pages that failed extraction."""
    from newsingest.ops import retry_failures as requeue

    fetches, pages = requeue(existing_database(), source)
    typer.echo(
        f"re-queued {fetches} failed fetches and {pages} stored pages; the next run of the source takes them"
    )


def list_sources(
    file: Path = typer.Option(None, help="sources.yaml to check (default: the configured one)."),
) -> None:
    """List the configured sources, validating the file."""
    from newsingest.report import print_tables, sources_table

    path = sources_path(file)
    print_tables(sources_table(path, configured_sources(path)))


# `newsingest db …`: schema and storage maintenance.


def db_upgrade() -> None:
    """Create or migrate the database schema to the latest revision."""
    from newsingest.config import redact_url

    typer.echo(f"database at {redact_url(upgraded_database())} is at the latest schema")


def prune(
    keep_days: int = typer.Option(30, "--keep-days", min=0, help="Keep raw pages fetched this many days."),
) -> None:
    """Delete old raw pages, keeping every page behind a stored article or version, unprocessed or newest."""
    from newsingest.db.prune import prune_pages

    counts = prune_pages(existing_database(), keep_days)
    typer.echo(
        f"deleted {counts.deleted} raw pages fetched over {keep_days} days ago; kept "
        f"{counts.kept_for_articles} behind articles, {counts.kept_unprocessed} unprocessed, "
        f"{counts.kept_latest} newest of their URL"
    )
