"""A backfill split into chunk runs (source × day range) on the work pool, through Prefect deployments.

No scheduler of our own: each chunk is a run of the `backfill-chunk/manual` deployment, so whichever
worker polls first takes it. A chunk is idempotent (the loader upserts, the crawl skips stored URLs), so a
chunk whose run crashed is simply submitted again.
"""

import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from prefect import flow, get_run_logger
from prefect.artifacts import create_table_artifact
from prefect.client.orchestration import get_client
from prefect.client.schemas.objects import FlowRun
from prefect.deployments import run_deployment
from prefect.exceptions import ObjectNotFound
from prefect.runtime import flow_run
from sqlalchemy import select

from newsingest.config import get_settings
from newsingest.db.engine import get_engine
from newsingest.db.models import CrawlRun
from newsingest.db.runs import COUNTER_COLUMNS, interrupt_flow_run
from newsingest.errors import NewsingestError
from newsingest.orchestration.backfill_run import backfill_source
from newsingest.orchestration.limits import ensure_limits
from newsingest.orchestration.run_options import RunOptions
from newsingest.orchestration.source_run import (
    close_interrupted_runs,
    day_range,
    load_selected,
    publish_summary,
)
from newsingest.sources import Source

CHUNK_DEPLOYMENT = "backfill-chunk/manual"
RESUBMITS = 2  # a chunk whose run crashed (its worker died) is submitted again this many times
POLL_S = 2.0


@dataclass(frozen=True, slots=True)
class Chunk:
    """One source's days from since to until (both included)."""

    source: str
    since: date
    until: date


def plan_chunks(sources: list[str], since: date, until: date, days: int) -> list[Chunk]:
    """Split each source's range into consecutive chunks of at most days days, sources interleaved."""
    if days < 1:
        raise NewsingestError(f"days per chunk must be at least 1, not {days}")
    if until < since:
        raise NewsingestError(f"until ({until}) is before since ({since})")
    starts = []
    start = since
    while start <= until:
        starts.append(start)
        start += timedelta(days=days)
    # Interleaved by range, so that early in the run every source's domain has a chunk going.
    return [
        Chunk(source, first, min(first + timedelta(days=days - 1), until))
        for first in starts
        for source in sources
    ]


def _idempotency_key(chunk: Chunk, attempt: int) -> str | None:
    """Return the key of this parent run's attempt at chunk (None outside a flow run)."""
    # A create request the client sends again (its answer lost on a busy server) must not start the chunk
    # twice: the server answers with the run it already made for the key.
    parent = flow_run.id
    return f"{parent}:{chunk.source}:{chunk.since}:{chunk.until}:{attempt}" if parent else None


def _submit(chunk: Chunk, sources_file: str | None, chunk_size: int, attempt: int) -> FlowRun:
    parameters = {
        "source": chunk.source,
        "since": chunk.since.isoformat(),
        "until": chunk.until.isoformat(),
        "sources_file": sources_file,
        "chunk_size": chunk_size,
    }
    try:
        run: FlowRun = run_deployment(  # type: ignore[assignment]
            CHUNK_DEPLOYMENT,
            parameters=parameters,
            timeout=0,  # submit only; the parent waits for all chunks below
            flow_run_name=f"{chunk.source}-{chunk.since}-{chunk.until}",
            idempotency_key=_idempotency_key(chunk, attempt),
            tags=["backfill", "backfill-chunk", chunk.source],
        )
    except ObjectNotFound:
        raise NewsingestError(
            f"no deployment {CHUNK_DEPLOYMENT}: register the deployments "
            "(prefect --no-prompt deploy --all --prefect-file deploy/prefect.yaml)"
        ) from None
    return run


def _wait(ids: list[UUID]) -> dict[UUID, FlowRun]:
    """Poll the server until every run is in a final state; return them by id."""
    pending = set(ids)
    done: dict[UUID, FlowRun] = {}
    with get_client(sync_client=True) as client:
        while pending:
            for run_id in list(pending):
                run = client.read_flow_run(run_id)
                if run.state is not None and run.state.is_final():
                    done[run_id] = run
                    pending.discard(run_id)
            if pending:
                time.sleep(POLL_S)
    return done


def run_chunks(chunks: list[Chunk], sources_file: str | None, chunk_size: int) -> dict[Chunk, FlowRun]:
    """Submit every chunk, wait for all, and submit again those whose run crashed; return the last runs."""
    logger = get_run_logger()
    last: dict[Chunk, FlowRun] = {}
    todo = list(chunks)
    for attempt in range(RESUBMITS + 1):
        submitted = {_submit(chunk, sources_file, chunk_size, attempt).id: chunk for chunk in todo}
        logger.info("submitted %d chunk runs to %s", len(submitted), CHUNK_DEPLOYMENT)
        for run_id, run in _wait(list(submitted)).items():
            last[submitted[run_id]] = run
        crashed = {chunk: run for chunk, run in last.items() if run.state and run.state.is_crashed()}
        # Its process died with the worker: close its crawl runs here, on any host, so that the pages it
        # stored but did not load are no longer a running run's and the resubmitted chunk loads them.
        for run in crashed.values():
            interrupt_flow_run(get_engine(), str(run.id), "flow run crashed: the worker running it died")
        todo = list(crashed)
        if not todo or attempt == RESUBMITS:
            break
        logger.warning("%d chunk runs crashed; submitting them again", len(todo))
    for run in last.values():
        if run.state is not None and not run.state.is_completed() and not run.state.is_crashed():
            close_ended_run(run)
    return last


def close_ended_run(run: FlowRun) -> None:
    """Close the crawl runs a chunk run that failed left open; its worker may have lost the database."""
    # The run's own process could not close them when the database was what failed, and another host's
    # next run would take them for a live run's for a day and leave its stored pages alone.
    why = f"flow run {run.state_name or 'ended'}: {state_message(run)}"
    for run_id in interrupt_flow_run(get_engine(), str(run.id), why):
        get_run_logger().warning("closed crawl run %d of chunk run %s (%s)", run_id, run.name, why)


def state_message(run: FlowRun) -> str:
    """Return the first line of run's state message (what made it fail), or its state's name."""
    message = (run.state.message or "") if run.state is not None else ""
    return message.strip().splitlines()[0] if message.strip() else str(run.state_name or "unknown")


def chunk_summaries(runs: dict[Chunk, FlowRun]) -> list[dict[str, Any]]:
    """Return a summary per chunk: its stored run's counters, or its Prefect state when it stored none."""
    ids = {str(run.id): chunk for chunk, run in runs.items()}
    table = CrawlRun.__table__
    with get_engine().connect() as conn:
        rows = {
            row.flow_run_id: row
            for row in conn.execute(select(table).where(table.c.flow_run_id.in_(list(ids))))
        }
    summaries = []
    for run_id, chunk in ids.items():
        state = runs[chunk].state
        row = rows.get(run_id)
        completed = state is not None and state.is_completed() and row is not None
        summary: dict[str, Any] = {
            "source": chunk.source,
            "status": row.status if completed and row is not None else "failed",
            "chunk": f"{chunk.since}..{chunk.until}",
            "flow_run": run_id,
            "state": state.name if state is not None else "unknown",
            "message": "" if completed else state_message(runs[chunk]),
        }
        if row is not None:
            summary |= {column: getattr(row, column) for column in COUNTER_COLUMNS}
            if row.finished_at is not None:
                summary["duration_s"] = round((row.finished_at - row.started_at).total_seconds(), 1)
        summaries.append(summary)
    return summaries


def fan_out_backfill(
    selected: list[Source], since: date, until: date, sources_file: str | None, chunk_size: int, days: int
) -> list[dict[str, Any]]:
    """Run the backfill of selected (read from sources_file) as chunk runs; fail when a chunk did not."""
    chunks = plan_chunks([s.slug for s in selected], since, until, days)
    summaries = chunk_summaries(run_chunks(chunks, sources_file, chunk_size))
    create_table_artifact(
        key="backfill-chunks", table=summaries, description=f"{len(chunks)} chunk runs of this backfill"
    )
    failed = [
        f"{s['source']} {s['chunk']} ({s['state']}: {s['message']})"
        for s in summaries
        if s["status"] != "completed"
    ]
    if failed:
        raise RuntimeError(f"backfill chunks did not complete: {', '.join(failed)}")
    return summaries


@flow(
    name="backfill-chunk",
    log_prints=True,
    on_cancellation=[close_interrupted_runs],
    on_crashed=[close_interrupted_runs],
)
def backfill_chunk(
    source: str, since: date, until: date, sources_file: str | None = None, chunk_size: int = 200
) -> dict[str, Any]:
    """Fetch and load one source's articles published from since to until: one chunk of a backfill."""
    start, end = day_range(since, until)
    options = RunOptions.from_settings(get_settings())
    (selected,) = load_selected([source], sources_file, options.sources_file)
    ensure_limits([selected])
    summary = backfill_source(selected, start, end, chunk_size, options)
    publish_summary("backfill-summary", "backfill", [summary])
    return summary
