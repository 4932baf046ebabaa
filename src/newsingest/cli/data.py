"""Commands that show the stored data and take it out: articles, show, stories, export."""

from pathlib import Path

import typer

from newsingest.cli.args import parse_day, parse_days
from newsingest.cli.database import existing_database
from newsingest.cli.exits import FAILED, say
from newsingest.errors import NewsingestError

JSON = typer.Option(False, "--json", help="Print one JSON array with full values instead of a table.")


def articles(
    source: str = typer.Option(None, "--source", "-s", help="Only this source."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="How many (newest first)."),
    sort: str = typer.Option(
        "published", help="Newest by publication time (published) or by when they were stored (ingested)."
    ),
    fold: bool = typer.Option(
        False, "--fold", help="One row per text: copies left out, counted beside the article they copy."
    ),
    as_json: bool = JSON,
) -> None:
    """Show the latest articles: id, time, source, words, the article a duplicate copies, title and URL."""
    from newsingest.queries import ARTICLE_SORTS

    if sort not in ARTICLE_SORTS:
        raise NewsingestError(f"--sort {sort!r}: choose one of {', '.join(ARTICLE_SORTS)}")
    print_articles(source, limit, sort, as_json, fold)


def print_articles(
    source: str | None, limit: int, sort: str = "published", as_json: bool = False, fold: bool = False
) -> None:
    """Print the newest articles of source (all sources when None) as a table or as JSON."""
    from newsingest.queries import latest_articles, source_domains
    from newsingest.report import articles_table, print_json, print_tables

    engine = existing_database()
    rows = latest_articles(engine, source, limit, sort, fold)
    if as_json:
        print_json([dict(row._mapping) for row in rows])
        return
    if not rows:
        typer.echo(f"no articles{f' of {source}' if source else ''} stored yet{' but copies' * fold}")
        return
    print_tables(articles_table(rows, sort, source_domains(engine), fold=fold))


def parse_article_key(value: str) -> int | str:
    """Return an article id (digits) or an http(s) URL; anything else is a NewsingestError."""
    from newsingest.dedup.urls import BadURL, canonical_url

    text = value.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    if text.lower().startswith(("http://", "https://")):
        try:
            canonical_url(text)
        except BadURL as exc:
            raise NewsingestError(str(exc)) from None
        return text
    raise NewsingestError(f"{value!r} is neither an article id nor an http(s) URL")


def show(
    article: str = typer.Argument(..., metavar="ID|URL", help="Article id, or its URL in any form."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of text."),
) -> None:
    """Print one article: metadata, text, earlier versions, story and duplicates, failures of its URL."""
    from newsingest.queries import article_detail, find_article
    from newsingest.report import article_view, print_json, print_tables

    key = parse_article_key(article)
    engine = existing_database()
    found = find_article(engine, key)
    detail = article_detail(engine, found) if found is not None else None
    if detail is None:
        # Not a mistake in the command: the article is not (or no longer) stored. Exit 1, like grep.
        say(f"not found: no article with {'id' if isinstance(key, int) else 'URL'} {article.strip()}")
        raise typer.Exit(FAILED)
    if as_json:
        print_json(
            {
                "article": detail.article,
                "versions": detail.versions,
                "story": detail.story,
                "duplicate_of": detail.duplicate_of,
                "duplicates": detail.duplicates,
                "failures": detail.failures,
            }
        )
        return
    print_tables(article_view(detail), piped_width=100)


def stories(
    since: str = typer.Option(None, help="Only stories seen on or after this day, YYYY-MM-DD."),
    source: str = typer.Option(None, "--source", "-s", help="Only stories with an article of this source."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="How many (latest seen first)."),
    min_articles: int = typer.Option(1, "--min-articles", min=1, help="Only stories of this many articles."),
    as_json: bool = JSON,
) -> None:
    """Show the latest stories: last and first seen, articles, languages, sources and title."""
    from datetime import UTC, datetime

    from newsingest.queries import recent_stories
    from newsingest.report import print_json, print_tables, stories_table

    day = parse_day(since, "--since")
    start = datetime(day.year, day.month, day.day, tzinfo=UTC) if day else None
    rows = recent_stories(existing_database(), start, source, limit, min_articles)
    if as_json:
        print_json([dict(row._mapping) for row in rows])
        return
    if not rows:
        filtered = since or source or min_articles > 1
        typer.echo("no stories match" if filtered else "no stories stored yet")
        return
    print_tables(stories_table(rows))


def export(
    since: str = typer.Option(None, help="First day included, YYYY-MM-DD (see --by)."),
    until: str = typer.Option(None, help="Last day included, YYYY-MM-DD (see --by)."),
    source: list[str] = typer.Option(None, "--source", "-s", help="Only this source; repeat for several."),
    by: str = typer.Option("published", help="Days of --since/--until: published or ingested."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl, csv or parquet (needs pyarrow)."),
    output: str = typer.Option("-", "--output", "-o", help="File to write, or - for stdout."),
) -> None:
    """Write articles as JSON Lines, CSV or Parquet (columns: docs/export.md), streamed in batches."""
    import sys

    from newsingest.export import ExportFilter, check_format, export_articles
    from newsingest.report import export_line

    first, last = parse_days(since, until)
    selection = ExportFilter(since=first, until=last, sources=tuple(source or ()), by=by)
    check_format(fmt)
    path = None if output == "-" else Path(output)
    if path is not None and not path.parent.is_dir():
        raise NewsingestError(f"--output {output}: no directory {path.parent}")
    if path is None and fmt == "parquet" and sys.stdout.isatty():
        raise NewsingestError("--format parquet is binary: give --output FILE, or pipe stdout")
    engine = existing_database()
    try:
        result = export_articles(engine, selection, fmt, path)
    except BrokenPipeError:
        # The reader went away (`| head`): what it read is what it wanted. Python would complain at exit
        # flushing stdout again, so point it at /dev/null.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    say(export_line(result))
