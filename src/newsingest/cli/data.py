"""Commands that show the stored data: articles."""

import typer

from newsingest.cli.database import existing_database


def articles(
    source: str = typer.Option(None, "--source", "-s", help="Only this source."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="How many (newest first)."),
) -> None:
    """Show the latest articles as a table."""
    print_articles(source, limit)


def print_articles(source: str | None, limit: int) -> None:
    """Print the newest articles of source (all sources when None)."""
    from newsingest.queries import latest_articles
    from newsingest.report import articles_table, print_tables

    print_tables(articles_table(latest_articles(existing_database(), source, limit)))
