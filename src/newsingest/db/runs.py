"""Crawl-run rows and the per-source health columns they keep current."""

import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from newsingest.db.dialect import dialect_insert
from newsingest.db.failures import record_failure
from newsingest.db.models import CrawlRun, SourceRow, table_of
from newsingest.sources import Source

INTERRUPTED = "interrupted"
# A backfill or reprocess runs many crawls or batches one after the other: only a run this old, started
# on another machine (whose processes cannot be looked at), is taken for abandoned.
LONG_RUN_S = 24 * 3600.0

# recent_discovered looks this many times further back than asked, past runs answered by 304s.
HISTORY_WINDOW = 4

COUNTER_COLUMNS = (
    "discovered",
    "fetched",
    "skipped_known",
    "new",
    "updated",
    "unchanged",
    "duplicates",
    "failed",
)


def sync_source(engine: Engine, source: Source) -> None:
    """Insert or refresh the sources row (name, domain, config snapshot)."""
    table = table_of(SourceRow)
    values = {"name": source.name, "domain": source.domain, "config": source.model_dump(mode="json")}
    with engine.begin() as conn:
        conn.execute(
            dialect_insert(conn, table)
            .values(slug=source.slug, consecutive_failures=0, **values)
            .on_conflict_do_update(index_elements=["slug"], set_=values)
        )


def _process_started(pid: int) -> str | None:
    """Return when process pid started (clock ticks since boot, Linux), or None when unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    # Field 22 (starttime); the command name (field 2) may hold spaces and parentheses, so count from ")".
    return stat.rsplit(")", 1)[-1].split()[19]


def _boot_id() -> str | None:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return None


def run_owner() -> dict[str, Any]:
    """Return what identifies this process across pid reuse and reboots (kept in a running row)."""
    pid = os.getpid()
    return {"host": socket.gethostname(), "boot": _boot_id(), "pid": pid, "started": _process_started(pid)}


def owner_alive(owner: dict[str, Any]) -> bool | None:
    """Say whether the process that owner names still runs; None when it ran on another machine."""
    if owner.get("host") != socket.gethostname():
        return None
    if owner.get("boot") != _boot_id():
        return False  # the machine restarted since
    pid = owner.get("pid")
    if not isinstance(pid, int):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        pass
    started = owner.get("started")
    return started is None or _process_started(pid) == started  # a reused pid is another process


def start_run(engine: Engine, source: str, kind: str, params: dict[str, Any], flow_run_id: str | None) -> int:
    """Create a running crawl_runs row (its owner process in counters) and return its id."""
    table = table_of(CrawlRun)
    with engine.begin() as conn:
        return int(
            conn.execute(
                table.insert()
                .values(
                    flow_run_id=flow_run_id,
                    kind=kind,
                    source=source,
                    params=params,
                    started_at=datetime.now(UTC),
                    status="running",
                    # Replaced by the real counters when the run finishes; until then a later run can tell
                    # whether the process still works on it (close_abandoned_runs).
                    counters={"owner": run_owner()},
                    **dict.fromkeys(COUNTER_COLUMNS, 0),
                )
                .returning(table.c.id)
            ).scalar_one()
        )


def finish_run(
    engine: Engine, run_id: int, status: str, counts: dict[str, int], counters: dict[str, Any]
) -> None:
    """Close a crawl run with its status and counts, and update its source's health."""
    runs = table_of(CrawlRun)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            update(runs)
            .where(runs.c.id == run_id)
            .values(
                finished_at=now,
                status=status,
                counters=counters,
                **{k: int(counts.get(k, 0)) for k in COUNTER_COLUMNS},
            )
        )
        slug = conn.execute(select(runs.c.source).where(runs.c.id == run_id)).scalar_one()
        _update_health(conn, slug, status, now)


def _update_health(conn: Connection, slug: str, status: str, now: datetime) -> None:
    sources = table_of(SourceRow)
    health: dict[str, Any] = {"last_run_at": now}
    if status == "completed":
        health |= {"last_success_at": now, "consecutive_failures": 0}
    else:
        health["consecutive_failures"] = sources.c.consecutive_failures + 1
    conn.execute(update(sources).where(sources.c.slug == slug).values(**health))


def recent_discovered(engine: Engine, source: str, before_run: int, limit: int) -> list[int]:
    """Return the links discovered by source's last completed ingest runs before before_run, newest first.

    Only runs that read their indexes in full: one whose feed answered 304 Not Modified listed nothing by
    design. Backfills and reprocess runs cover other ranges and are left out.
    """
    runs = table_of(CrawlRun)
    with engine.connect() as conn:
        rows = conn.execute(
            select(runs.c.discovered, runs.c.counters)
            .where(
                runs.c.source == source,
                runs.c.status == "completed",
                runs.c.kind.not_in(("backfill", "reprocess")),
                runs.c.id < before_run,
            )
            .order_by(runs.c.id.desc())
            .limit(limit * HISTORY_WINDOW)
        ).all()
    full = [row.discovered for row in rows if not _scrapy_counter(row.counters, "not_modified")]
    return full[:limit]


def _scrapy_counter(counters: dict[str, Any] | None, key: str) -> int:
    value = ((counters or {}).get("scrapy") or {}).get(f"newsingest/{key}", 0)
    return int(value) if isinstance(value, int | float) else 0


def interrupt_run(engine: Engine, run_id: int, url: str, why: str) -> bool:
    """Close a still-running run as interrupted, with a `crawl` failure at url; False if it was closed."""
    runs = table_of(CrawlRun)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        row = conn.execute(
            select(runs.c.source, runs.c.counters).where(runs.c.id == run_id, runs.c.status == "running")
        ).first()
        if row is None:
            return False
        # The status condition again: of two closers racing (the flow's handler, a later run), one wins.
        closed = conn.execute(
            update(runs)
            .where(runs.c.id == run_id, runs.c.status == "running")
            .values(finished_at=now, status=INTERRUPTED, counters={**row.counters, "interrupted": why})
        ).rowcount
        if not closed:
            return False
        record_failure(
            conn,
            source=row.source,
            run_id=run_id,
            stage="crawl",
            url=url,
            error_class="Interrupted",
            detail=f"run {run_id} did not finish: {why}",
        )
        _update_health(conn, row.source, INTERRUPTED, now)
    return True


def run_url(source: Source) -> str:
    """Return the URL a run-level failure of source is filed under (its first entry point)."""
    urls = source.entry_urls()
    return urls[0] if urls else source.resolve("/") if source.base_url else f"https://{source.domain}/"


@dataclass(frozen=True, slots=True)
class Abandoned:
    """A running row no process works on any more."""

    run_id: int
    why: str


def abandoned_runs(
    engine: Engine, source: str, stale_after: float, now: datetime | None = None
) -> list[Abandoned]:
    """Return source's running rows whose process is gone, or (run elsewhere) older than stale_after s."""
    runs = table_of(CrawlRun)
    now = now or datetime.now(UTC)
    with engine.connect() as conn:
        rows = conn.execute(
            select(runs.c.id, runs.c.kind, runs.c.started_at, runs.c.counters).where(
                runs.c.source == source, runs.c.status == "running"
            )
        ).all()
    found = []
    for row in rows:
        owner = (row.counters or {}).get("owner") or {}
        alive = owner_alive(owner) if owner else None
        if alive is False:
            found.append(Abandoned(row.id, f"its process (pid {owner.get('pid')}) is gone"))
            continue
        if alive is None:
            limit = max(stale_after, LONG_RUN_S) if row.kind in ("backfill", "reprocess") else stale_after
            started = row.started_at if row.started_at.tzinfo else row.started_at.replace(tzinfo=UTC)
            if now - started > timedelta(seconds=limit):
                found.append(Abandoned(row.id, f"still running after {limit:.0f} s, its process unknown"))
    return found


def close_abandoned_runs(engine: Engine, source: Source, stale_after: float) -> list[int]:
    """Close source's abandoned running rows as interrupted (each with a crawl failure); return their ids."""
    return [
        a.run_id
        for a in abandoned_runs(engine, source.slug, stale_after)
        if interrupt_run(
            engine, a.run_id, run_url(source), f"found abandoned when the next run started: {a.why}"
        )
    ]


def interrupt_flow_run(engine: Engine, flow_run_id: str, why: str) -> list[int]:
    """Close the running rows of a Prefect flow run as interrupted (each with a crawl failure)."""
    runs, sources = table_of(CrawlRun), table_of(SourceRow)
    with engine.connect() as conn:
        rows = conn.execute(
            select(runs.c.id, sources.c.config, sources.c.domain)
            .select_from(runs.outerjoin(sources, sources.c.slug == runs.c.source))
            .where(runs.c.flow_run_id == flow_run_id, runs.c.status == "running")
        ).all()
    closed = []
    for row in rows:
        try:
            url = run_url(Source.model_validate(row.config))
        except ValueError:  # a config snapshot older than today's model
            url = f"https://{row.domain}/"
        if interrupt_run(engine, row.id, url, why):
            closed.append(row.id)
    return closed
