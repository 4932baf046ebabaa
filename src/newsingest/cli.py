"""The `newsingest` command line."""

import json
import sys
import time
import urllib.request
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
import typer
import yaml

from newsingest.config import get_settings
from newsingest.errors import NewsingestError
from newsingest.prefect_env import apply_prefect_defaults

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Scheduled scraping and ingestion of news."
)
db_app = typer.Typer(no_args_is_help=True, help="Database maintenance.")
app.add_typer(db_app, name="db")


def _upgrade() -> None:
    from newsingest.db.migrate import upgrade

    upgrade(get_settings().database_url)


def _run_ingest(slugs: list[str] | None, sources_file: Path | None, kind: str) -> list[dict[str, Any]]:
    apply_prefect_defaults()
    from newsingest.orchestration.ingest import ingest

    state = ingest(
        sources=slugs, sources_file=str(sources_file) if sources_file else None, kind=kind, return_state=True
    )
    if not state.is_completed():
        typer.echo(f"newsingest: ingest run {state.name}: {state.message}", err=True)
        raise typer.Exit(1)
    summaries: list[dict[str, Any]] = state.result()
    return summaries


@app.command()
def demo(
    keep_serving: bool = typer.Option(False, help="Keep the demo site up after the run (Ctrl-C stops)."),
) -> None:
    """Serve the bundled demo news site on 127.0.0.1 and ingest it into the configured database."""
    from newsingest.demo import DemoSite
    from newsingest.report import print_tables, summary_table
    from newsingest.sources import load_sources, select_sources

    settings = get_settings()
    _upgrade()
    demo_source = select_sources(load_sources(settings.sources_file), ["demo"])[0]
    # The port the demo source names, so article URLs (the keys) stay the same from one demo to the next.
    preferred_port = urlsplit(demo_source.base_url or "").port or 0
    with DemoSite(port=preferred_port) as site:
        demo_source = demo_source.with_base_url(site.base_url)
        sources_file = Path("data", "demo-sources.yaml")
        sources_file.parent.mkdir(parents=True, exist_ok=True)
        sources_file.write_text(
            yaml.safe_dump({"sources": [demo_source.model_dump(mode="json")]}), encoding="utf-8"
        )
        typer.echo(f"demo site serving on {site.base_url}")
        summaries = _run_ingest(["demo"], sources_file, "manual")
        print_tables(summary_table(summaries))
        _print_articles("demo", 20)
        if keep_serving:
            typer.echo(f"demo site still serving on {site.base_url}; Ctrl-C to stop")
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass


@app.command()
def run(
    source: list[str] = typer.Option(
        None, "--source", "-s", help="Source slug; repeat for several (default: all enabled)."
    ),
    sources_file: Path = typer.Option(None, help="sources.yaml to use instead of the configured one."),
) -> None:
    """Run the ingest flow for real sources."""
    from newsingest.report import print_tables, summary_table

    _upgrade()
    print_tables(summary_table(_run_ingest(source or None, sources_file, "manual")))


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database schema to the latest revision."""
    from newsingest.db.engine import redact

    _upgrade()
    typer.echo(f"database at {redact(get_settings().database_url)} is at the latest schema")


def _print_articles(source: str | None, limit: int) -> None:
    from sqlalchemy import select

    from newsingest.db.engine import get_engine
    from newsingest.db.models import Article
    from newsingest.report import articles_table, print_tables

    query = (
        select(
            Article.published_at,
            Article.source,
            Article.language,
            Article.word_count,
            Article.title,
            Article.url,
        )
        .order_by(Article.published_at.desc(), Article.id.desc())
        .limit(limit)
    )
    if source:
        query = query.where(Article.source == source)
    with get_engine().connect() as conn:
        print_tables(articles_table(conn.execute(query).all()))


@app.command()
def articles(
    source: str = typer.Option(None, "--source", "-s", help="Only this source."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="How many (newest first)."),
) -> None:
    """Show the latest articles as a table."""
    _print_articles(source, limit)


def _read_page(target: str) -> tuple[bytes, str | None, str | None]:
    if target.startswith(("http://", "https://")):
        request = urllib.request.Request(target, headers={"User-Agent": get_settings().user_agent})
        try:
            with urllib.request.urlopen(request, timeout=get_settings().download_timeout) as response:
                return (
                    response.read(get_settings().download_maxsize),
                    response.headers.get("Content-Type"),
                    target,
                )
        except OSError as exc:
            raise NewsingestError(f"cannot fetch {target}: {exc}") from None
    path = Path(target)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NewsingestError(f"cannot read {target}: {exc.strerror}") from None
    if path.suffix == ".gz":
        import gzip

        data = gzip.decompress(data)
    return data, None, None


@app.command()
def extract(
    target: str = typer.Argument(
        ..., metavar="FILE_OR_URL", help="A saved page (.html or .html.gz) or a URL."
    ),
    source: str = typer.Option(None, "--source", "-s", help="Apply this source's cleaning rules."),
    url: str = typer.Option(None, help="The page's URL, when TARGET is a file."),
) -> None:
    """Print the extracted article of one page as JSON (for writing cleaning rules)."""
    from w3lib.encoding import html_to_unicode

    from newsingest.extract import extract_article
    from newsingest.sources import load_sources, select_sources

    rules = select_sources(load_sources(get_settings().sources_file), [source])[0].rules if source else None
    body, content_type, fetched_url = _read_page(target)
    html = html_to_unicode(content_type, body)[1]
    article = extract_article(html, url=url or fetched_url, rules=rules)
    if article is None:
        raise NewsingestError(f"{target}: no article text found")

    def encode(value: object) -> str:
        return value.isoformat() if isinstance(value, datetime) else str(value)

    typer.echo(
        json.dumps(
            asdict(article) | {"word_count": article.word_count}, default=encode, ensure_ascii=False, indent=2
        )
    )


@app.command("sources")
def list_sources(
    file: Path = typer.Option(None, help="sources.yaml to check (default: the configured one)."),
) -> None:
    """List the configured sources, validating the file."""
    from rich.table import Table

    from newsingest.report import print_tables
    from newsingest.sources import load_sources

    path = file or get_settings().sources_file
    table = Table(title=f"Sources in {path}")
    for column in ("slug", "name", "domain", "enabled", "schedule", "feeds", "sitemaps", "listings", "rules"):
        table.add_column(column)
    for s in load_sources(path):
        rule_count = len(s.rules.drop_selectors) + len(s.rules.drop_line_patterns)
        table.add_row(
            s.slug,
            s.name,
            s.domain,
            "yes" if s.enabled else "no",
            s.schedule,
            str(len(s.feeds)),
            str(len(s.sitemaps)),
            str(len(s.listings)),
            str(rule_count),
        )
    print_tables(table)


def main() -> None:
    """Run the CLI, turning user errors into one line on stderr and exit code 2."""
    from sqlalchemy.exc import OperationalError

    from newsingest.db.engine import redact

    try:
        app(standalone_mode=False)
    except NewsingestError as exc:
        typer.echo(f"newsingest: error: {exc}", err=True)
        sys.exit(2)
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else "connection failed"
        typer.echo(f"newsingest: error: database {redact(get_settings().database_url)}: {reason}", err=True)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("newsingest: aborted", err=True)
        sys.exit(130)
    except click.exceptions.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)


@app.command("eval")
def eval_command(
    data: Path = typer.Option(
        None, help="Evaluation set (default $NEWSINGEST_EVAL_DIR or ../shared/eval/…)."
    ),
    limit: int = typer.Option(0, min=0, help="Score only the first N pages (0: all)."),
    jobs: int = typer.Option(2, min=1, help="Worker processes."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Score extract_article beside plain trafilatura on an evaluation set (snippet metric)."""
    from newsingest.evaluation import default_data_dir, run_eval
    from newsingest.evaluation.table import format_report

    data_dir = data or default_data_dir()
    if not (data_dir / "ground-truth.json").is_file():
        raise NewsingestError(f"no evaluation set at {data_dir} (ground-truth.json missing)")
    report = run_eval(data_dir, limit=limit, jobs=jobs)
    typer.echo(json.dumps(report.as_dict(), indent=2) if as_json else format_report(report))
