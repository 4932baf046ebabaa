"""Operating commands: source status, failures, re-queueing them, the sources file and the database."""

from datetime import UTC, datetime
from pathlib import Path

import typer

from newsingest.cli.args import configured_sources, parse_day, sources_path
from newsingest.cli.database import existing_database, upgraded_database


def status(
    sources_file: Path = typer.Option(None, help="sources.yaml (default: the configured one)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON array instead of a table."),
) -> None:
    """Show each source's last run, last success, new articles, failures and a stale flag."""
    from dataclasses import asdict

    from newsingest.ops_queries import source_status
    from newsingest.report import print_json, print_tables, status_table

    sources = configured_sources(sources_file)
    statuses = source_status(existing_database(), sources)
    if as_json:
        print_json([asdict(row) for row in statuses])
        return
    print_tables(status_table(statuses))


def failures(
    source: str = typer.Option(None, "--source", "-s", help="Only this source."),
    stage: str = typer.Option(
        None, help="Only this stage (fetch, robots, too_large, discover, extract, empty…)."
    ),
    since: str = typer.Option(None, help="Only failures seen on or after this day, YYYY-MM-DD."),
    limit: int = typer.Option(50, "--limit", "-n", min=1),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON array instead of a table."),
) -> None:
    """List unresolved failures, newest first."""
    from newsingest.ops_queries import open_failures
    from newsingest.queries import source_domains
    from newsingest.report import failures_table, print_json, print_tables

    day = parse_day(since, "--since")
    start = datetime.combine(day, datetime.min.time(), UTC) if day else None
    engine = existing_database()
    rows = open_failures(engine, source, stage, start, limit)
    if as_json:
        print_json([dict(row._mapping) for row in rows])
        return
    if not rows:
        typer.echo("no unresolved failures")
        return
    print_tables(failures_table(rows, source_domains(engine)))


def retry_failures(
    source: str = typer.Option(None, "--source", "-s", help="Only this source."),
) -> None:
    """Re-queue failed URLs: the next run fetches them again and reprocesses pages that failed extraction."""
    from newsingest.ops_queries import retry_failures as requeue

    fetches, pages = requeue(existing_database(), source)
    typer.echo(
        f"re-queued {fetches} failed fetches and {pages} stored pages; the next run of the source takes them"
    )


def list_sources(
    file: Path = typer.Option(None, help="sources.yaml to check (default: the configured one)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON array of the full sources."),
) -> None:
    """List the configured sources, validating the file."""
    from newsingest.report import print_json, print_tables, sources_table

    path = sources_path(file)
    sources = configured_sources(path)
    if as_json:
        print_json([source.model_dump(mode="json") for source in sources])
        return
    print_tables(sources_table(path, sources))


def health(
    source: list[str] = typer.Option(
        None, "--source", "-s", help="Source slug; repeat for several (default: all enabled)."
    ),
    sources_file: Path = typer.Option(None, help="sources.yaml (default: the configured one)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of the table."),
    probe: bool = typer.Option(True, "--probe/--no-probe", help="Fetch robots.txt and feeds now."),
) -> None:
    """Check each source as the health flow does (no Prefect, no alerts); exit 1 when one is unhealthy."""
    from newsingest.cli.args import selected_sources
    from newsingest.cli.exits import FAILED
    from newsingest.config import get_settings
    from newsingest.health_report import health_json, print_health
    from newsingest.source_health import HealthPolicy, ProbeOptions, check_source

    selected = selected_sources(source or None, sources_file)
    engine = existing_database()
    now = datetime.now(UTC)
    options = ProbeOptions.from_settings(get_settings()) if probe else None
    results = [check_source(engine, s, HealthPolicy(), now, options) for s in selected]
    if as_json:
        typer.echo(health_json(results, now))
    else:
        print_health(results, now)
    if not all(r.healthy for r in results):
        raise typer.Exit(FAILED)


# `newsingest db …`: schema and storage maintenance.


def db_upgrade() -> None:
    """Create or migrate the database schema to the latest revision."""
    from newsingest.config import redact_url

    typer.echo(f"database at {redact_url(upgraded_database())} is at the latest schema")


def prune(
    keep_days: int = typer.Option(30, "--keep-days", min=0, help="Keep raw pages fetched this many days."),
) -> None:
    """Delete old raw pages, keeping every page behind a stored article or version, unprocessed or newest."""
    from newsingest.db.retention import prune_pages

    counts = prune_pages(existing_database(), keep_days)
    typer.echo(
        f"deleted {counts.deleted} raw pages fetched over {keep_days} days ago; kept "
        f"{counts.kept_for_articles} behind articles, {counts.kept_unprocessed} unprocessed, "
        f"{counts.kept_latest} newest of their URL"
    )
