"""Commands that run a flow in this process: run, backfill, reprocess."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer

from newsingest.cli.args import parse_days, selected_sources
from newsingest.cli.database import upgraded_database
from newsingest.cli.exits import FAILED, say
from newsingest.cli.heap import loading

SOURCES_FILE = typer.Option(None, help="sources.yaml to use instead of the configured one.")


def run(
    source: list[str] = typer.Option(
        None, "--source", "-s", help="Source slug; repeat for several (default: all enabled)."
    ),
    sources_file: Path = SOURCES_FILE,
) -> None:
    """Run the ingest flow for real sources."""
    selected = selected_sources(source or None, sources_file)
    with crawl_ahead():
        run_flow(
            "ingest",
            [s.slug for s in selected],
            sources=source or None,
            sources_file=str(sources_file) if sources_file else None,
            kind="manual",
        )


def backfill(
    source: list[str] = typer.Option(..., "--source", "-s", help="Source slug; repeat for several."),
    since: str = typer.Option(..., help="First publication day, YYYY-MM-DD."),
    until: str = typer.Option(..., help="Last publication day (included), YYYY-MM-DD."),
    sources_file: Path = SOURCES_FILE,
    chunk_size: int = typer.Option(200, min=1, help="Article URLs fetched per crawl chunk."),
    fan_out: int = typer.Option(
        0,
        "--fan-out",
        metavar="DAYS",
        min=0,
        help="Split into runs of DAYS days per source, taken by the work pool's workers (needs a "
        "server, the deployments and workers; 0: run here).",
    ),
) -> None:
    """Fetch and load a source's articles of a date range (resumable: nothing is fetched twice)."""
    first, last = parse_days(since, until)
    selected = selected_sources(source, sources_file)
    with _progress_bar(), crawl_ahead(fan_out == 0):
        run_flow(
            "backfill",
            [s.slug for s in selected],
            sources=source,
            since=first,
            until=last,
            sources_file=str(sources_file) if sources_file else None,
            chunk_size=chunk_size,
            fan_out_days=fan_out,
        )


def reprocess(
    source: list[str] = typer.Option(
        None, "--source", "-s", help="Source slug; repeat (default: all enabled)."
    ),
    since: str = typer.Option(None, help="Only articles published on or after this day, YYYY-MM-DD."),
    until: str = typer.Option(None, help="Only articles published on or before this day, YYYY-MM-DD."),
    extractor_version_below: int = typer.Option(
        None, min=1, help="Only articles extracted by an older version."
    ),
    sources_file: Path = SOURCES_FILE,
    dask: bool = typer.Option(
        False,
        "--dask",
        help="Extract on a Dask cluster: the scheduler at NEWSINGEST_DASK_ADDRESS, or a LocalCluster "
        "started for the run when that is empty (needs the dask extra).",
    ),
) -> None:
    """Re-extract stored pages with the current code and cleaning rules, without the network."""
    first, last = parse_days(since, until)
    selected = selected_sources(source or None, sources_file)
    with _progress_bar():
        run_flow(
            "reprocess",
            [s.slug for s in selected],
            sources=source or None,
            since=first,
            until=last,
            extractor_version_below=extractor_version_below,
            sources_file=str(sources_file) if sources_file else None,
            dask=dask,
        )


def run_flow(name: str, slugs: list[str], **params: Any) -> None:
    """Bring the database up to date, run a flow here, print its per-source summary; exit 1 on a failure."""
    from newsingest.prefect_env import apply_prefect_defaults, use_running_server
    from newsingest.report import print_tables, summary_table

    started = datetime.now(UTC)
    with loading():
        upgraded_database()
        apply_prefect_defaults()
        flow = _flow(name)
    # A running `prefect server start` saves the 10-20 s of Prefect's temporary server and keeps the runs.
    server = use_running_server()
    if server:
        say(f"using the Prefect server running at {server}")
    try:
        state = flow(**params, return_state=True)
    except KeyboardInterrupt:
        # Show what was done before the interrupt; main() prints the signal and exits 130 or 143.
        _print_runs_since(started, slugs)
        raise
    if state.is_completed():
        summaries: list[dict[str, Any]] = state.result()
        print_tables(summary_table(summaries))
    else:
        # A failed flow returns no result: its sources' runs are in the database.
        _print_runs_since(started, slugs)
        say(f"{name} run {state.name}: {state.message}")
        raise typer.Exit(FAILED)
    failed = [s["source"] for s in summaries if s.get("status") != "completed"]
    if failed:
        say(f"{name} failed for {', '.join(failed)}; see `newsingest failures`")
        raise typer.Exit(FAILED)


@contextmanager
def crawl_ahead(crawls_here: bool = True) -> Iterator[None]:
    """Start the first crawl's process now: Scrapy loads beside Prefect instead of after it (about 1 s)."""
    if not crawls_here:
        yield
        return
    from newsingest.cli.database import checked_url
    from newsingest.crawl.runner import warm_crawl

    with warm_crawl(checked_url()):
        yield


def _flow(name: str) -> Any:
    # Prefect and the pipeline load only for the command that runs a flow (seconds of imports).
    if name == "ingest":
        from newsingest.orchestration.ingest import ingest

        return ingest
    if name == "backfill":
        from newsingest.orchestration.backfill import backfill as backfill_flow

        return backfill_flow
    from newsingest.orchestration.reprocess import reprocess as reprocess_flow

    return reprocess_flow


def _print_runs_since(started: datetime, slugs: list[str]) -> None:
    from newsingest.db.engine import get_engine
    from newsingest.queries import runs_started_since
    from newsingest.report import print_tables, summary_table

    try:
        summaries = runs_started_since(get_engine(), started, slugs)
    except Exception as exc:  # the summary is a courtesy: the database may be why the run stopped
        say(f"cannot list this command's runs: {type(exc).__name__}: {exc}")
        return
    print_tables(summary_table(summaries))


@contextmanager
def _progress_bar() -> Iterator[None]:
    """Show a terminal progress bar fed by the flow's progress reports (nothing when not a terminal)."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from newsingest.orchestration.progress import add_listener, remove_listener

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
