"""The `newsingest` command line."""

import json
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, date, datetime
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

    return _run_flow(
        ingest, sources=slugs, sources_file=str(sources_file) if sources_file else None, kind=kind
    )


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


def _parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise NewsingestError(f"{option}: {value!r} is not a date like 2022-01-31") from None


@contextmanager
def _progress_bar() -> Iterator[None]:
    """Show a terminal progress bar fed by the flow's progress reports (nothing when not a terminal)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from newsingest.orchestration.progress import add_listener, remove_listener

    if not sys.stderr.isatty():
        yield
        return
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    tasks: dict[str, Any] = {}

    def listener(label: str, done: int, total: int) -> None:
        if label not in tasks:
            tasks[label] = bar.add_task(label, total=total)
        bar.update(tasks[label], completed=done, total=total)

    add_listener(listener)
    try:
        with bar:
            yield
    finally:
        remove_listener(listener)


def _run_flow(flow_fn: Any, **params: Any) -> list[dict[str, Any]]:
    state = flow_fn(**params, return_state=True)
    if not state.is_completed():
        typer.echo(f"newsingest: {flow_fn.name} run {state.name}: {state.message}", err=True)
        raise typer.Exit(1)
    summaries: list[dict[str, Any]] = state.result()
    return summaries


@app.command()
def backfill(
    source: list[str] = typer.Option(..., "--source", "-s", help="Source slug; repeat for several."),
    since: str = typer.Option(..., help="First publication day, YYYY-MM-DD."),
    until: str = typer.Option(..., help="Last publication day (included), YYYY-MM-DD."),
    sources_file: Path = typer.Option(None, help="sources.yaml to use instead of the configured one."),
    chunk_size: int = typer.Option(200, min=1, help="Article URLs fetched per crawl chunk."),
) -> None:
    """Fetch and load a source's articles of a date range (resumable: nothing is fetched twice)."""
    from newsingest.report import print_tables, summary_table

    first, last = _parse_day(since, "--since"), _parse_day(until, "--until")
    _upgrade()
    apply_prefect_defaults()
    from newsingest.orchestration.backfill import backfill as backfill_flow

    with _progress_bar():
        summaries = _run_flow(
            backfill_flow,
            sources=source,
            since=first,
            until=last,
            sources_file=str(sources_file) if sources_file else None,
            chunk_size=chunk_size,
        )
    print_tables(summary_table(summaries))


@app.command()
def reprocess(
    source: list[str] = typer.Option(
        None, "--source", "-s", help="Source slug; repeat (default: all enabled)."
    ),
    since: str = typer.Option(None, help="Only articles published on or after this day, YYYY-MM-DD."),
    until: str = typer.Option(None, help="Only articles published on or before this day, YYYY-MM-DD."),
    extractor_version_below: int = typer.Option(None, help="Only articles extracted by an older version."),
    sources_file: Path = typer.Option(None, help="sources.yaml to use instead of the configured one."),
) -> None:
    """Re-extract stored pages with the current code and cleaning rules, without the network."""
    from newsingest.report import print_tables, summary_table

    first, last = _parse_day(since, "--since"), _parse_day(until, "--until")
    _upgrade()
    apply_prefect_defaults()
    from newsingest.orchestration.reprocess import reprocess as reprocess_flow

    with _progress_bar():
        summaries = _run_flow(
            reprocess_flow,
            sources=source or None,
            since=first,
            until=last,
            extractor_version_below=extractor_version_below,
            sources_file=str(sources_file) if sources_file else None,
        )
    print_tables(summary_table(summaries))


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


@app.command()
def status(
    sources_file: Path = typer.Option(None, help="sources.yaml (default: the configured one)."),
) -> None:
    """Show each source's last run, last success, new articles, failures and a stale flag."""
    from rich.table import Table

    from newsingest.db.engine import get_engine
    from newsingest.ops import source_status
    from newsingest.report import print_tables
    from newsingest.sources import load_sources

    table = Table(title="Sources (times in UTC)")
    for column in (
        "source",
        "enabled",
        "last run",
        "state",
        "last success",
        "new 24 h",
        "new 7 d",
        "failures 24 h",
        "stale",
    ):
        table.add_column(column)
    sources = load_sources(sources_file or get_settings().sources_file)
    for row in source_status(get_engine(), sources):
        table.add_row(
            row.source,
            "yes" if row.enabled else "no",
            _when(row.last_run_at),
            row.last_state,
            _when(row.last_success_at),
            str(row.new_24h),
            str(row.new_7d),
            str(row.failures_24h),
            "STALE" if row.stale else "",
        )
    print_tables(table)


@app.command()
def failures(
    source: str = typer.Option(None, "--source", "-s", help="Only this source."),
    stage: str = typer.Option(
        None, help="Only this stage (fetch, robots, too_large, discover, extract, empty…)."
    ),
    since: str = typer.Option(None, help="Only failures seen on or after this day, YYYY-MM-DD."),
    limit: int = typer.Option(50, "--limit", "-n", min=1),
) -> None:
    """List unresolved failures, newest first."""
    from rich.table import Table

    from newsingest.db.engine import get_engine
    from newsingest.ops import open_failures
    from newsingest.report import print_tables

    day = _parse_day(since, "--since")
    start = datetime.combine(day, datetime.min.time(), UTC) if day else None
    table = Table(title="Unresolved failures")
    for column in ("last seen", "source", "stage", "error", "HTTP", "attempts", "url", "detail"):
        table.add_column(column, overflow="fold")
    for row in open_failures(get_engine(), source, stage, start, limit):
        table.add_row(
            _when(row.last_seen_at),
            row.source,
            row.stage,
            row.error_class,
            str(row.http_status or ""),
            str(row.attempts),
            row.url,
            row.detail[:120],
        )
    print_tables(table)


@app.command("retry-failures")
def retry_failures_command(
    source: str = typer.Option(None, "--source", "-s", help="Only this source."),
) -> None:
    """Re-queue failed URLs: the next run fetches them again and reprocesses pages that failed extraction."""
    from newsingest.db.engine import get_engine
    from newsingest.ops import retry_failures

    fetches, pages = retry_failures(get_engine(), source)
    typer.echo(
        f"re-queued {fetches} failed fetches and {pages} stored pages; the next run of the source takes them"
    )


@app.command()
def deployments(
    output: Path = typer.Option(Path("deploy/prefect.yaml"), help="Where to write the deployments file."),
    sources_file: Path = typer.Option(None, help="sources.yaml (default: the configured one)."),
) -> None:
    """Write deploy/prefect.yaml from sources.yaml (one scheduled ingest per enabled source)."""
    from newsingest.deployments import render_prefect_yaml
    from newsingest.sources import load_sources

    output.write_text(
        render_prefect_yaml(load_sources(sources_file or get_settings().sources_file)), encoding="utf-8"
    )
    typer.echo(f"wrote {output}")


def _require_server() -> str:
    """Return the Prefect API URL, refusing Prefect's ephemeral API (it runs no scheduler)."""
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if not url:
        raise NewsingestError(
            "scheduling needs a Prefect server, but PREFECT_API_URL is not set and Prefect's ephemeral "
            "API runs no scheduler: start one (`prefect server start`) and set PREFECT_API_URL; see deploy/"
        )
    return str(url)


@app.command()
def setup(
    alerts_webhook: str = typer.Option(
        None,
        envvar="NEWSINGEST_ALERT_WEBHOOK_URL",
        help="Webhook (Slack incoming webhook, chat or mail gateway) told when a flow run fails or crashes.",
    ),
) -> None:
    """Create the work pool, concurrency limits and (given a webhook) the failure alert; needs a server."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectAlreadyExists

    from newsingest.deployments import WORK_POOL
    from newsingest.orchestration.limits import ensure_limits
    from newsingest.sources import load_sources

    url = _require_server()
    _upgrade()
    with get_client(sync_client=True) as client:
        try:
            client.create_work_pool(WorkPoolCreate(name=WORK_POOL, type="process"))
            typer.echo(f"created work pool {WORK_POOL} (process) on {url}")
        except ObjectAlreadyExists:
            typer.echo(f"work pool {WORK_POOL} exists on {url}")
    created = ensure_limits(load_sources(get_settings().sources_file))
    typer.echo(f"concurrency limits created: {', '.join(created) or 'none (all present)'}")
    if alerts_webhook:
        from newsingest.orchestration.alerts import install_alerts

        install_alerts(alerts_webhook)
        typer.echo("alert automation installed: failed or crashed flow runs notify the webhook")


@app.command()
def serve() -> None:
    """Serve every deployment (schedules included) from this process, for a single box (needs a server)."""
    from prefect import serve as prefect_serve

    from newsingest.deployments import deployment_specs
    from newsingest.orchestration.backfill import backfill as backfill_flow
    from newsingest.orchestration.health import health as health_flow
    from newsingest.orchestration.ingest import ingest as ingest_flow
    from newsingest.orchestration.limits import ensure_limits
    from newsingest.orchestration.reprocess import reprocess as reprocess_flow
    from newsingest.sources import load_sources

    url = _require_server()
    _upgrade()
    sources = load_sources(get_settings().sources_file)
    ensure_limits(sources)
    flows: dict[str, Any] = {
        "ingest": ingest_flow,
        "backfill": backfill_flow,
        "reprocess": reprocess_flow,
        "health": health_flow,
    }
    runners = []
    for spec in deployment_specs(sources):
        runners.append(
            flows[spec.flow].to_deployment(
                name=spec.name,
                cron=spec.cron,
                interval=spec.interval_s,
                parameters=spec.parameters,
                description=spec.description,
                tags=list(spec.tags),
                concurrency_limit=spec.concurrency,
            )
        )
    typer.echo(f"serving {len(runners)} deployments against {url}")
    prefect_serve(*runners)


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
