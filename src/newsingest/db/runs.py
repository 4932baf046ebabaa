"""Crawl-run rows and the per-source health columns they keep current."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select, update

from newsingest.db.load import dialect_insert
from newsingest.db.models import CrawlRun, SourceRow, table_of
from newsingest.sources import Source

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


def start_run(engine: Engine, source: str, kind: str, params: dict[str, Any], flow_run_id: str | None) -> int:
    """Create a running crawl_runs row and return its id."""
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
                    counters={},
                    **dict.fromkeys(COUNTER_COLUMNS, 0),
                )
                .returning(table.c.id)
            ).scalar_one()
        )


def finish_run(
    engine: Engine, run_id: int, status: str, counts: dict[str, int], counters: dict[str, Any]
) -> None:
    """Close a crawl run with its status and counts, and update its source's health."""
    runs, sources = table_of(CrawlRun), table_of(SourceRow)
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
        health: dict[str, Any] = {"last_run_at": now}
        if status == "completed":
            health |= {"last_success_at": now, "consecutive_failures": 0}
        else:
            health["consecutive_failures"] = sources.c.consecutive_failures + 1
        conn.execute(update(sources).where(sources.c.slug == slug).values(**health))
