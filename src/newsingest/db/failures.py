"""Failure rows: one open row per (stage, URL), its attempts counted, resolved when it later works."""

from datetime import UTC, datetime

from sqlalchemy import Connection, insert, select, update

from newsingest.db.models import Failure, table_of

MAX_DETAIL = 2000


def record_failure(
    conn: Connection,
    *,
    source: str,
    stage: str,
    url: str,
    error_class: str,
    detail: str,
    run_id: int | None = None,
    http_status: int | None = None,
) -> None:
    """Insert a failure, or bump the open one for the same stage and URL."""
    now = datetime.now(UTC)
    table = table_of(Failure)
    open_id = conn.execute(
        select(table.c.id).where(table.c.stage == stage, table.c.url == url, table.c.resolved_at.is_(None))
    ).scalar()
    values = {
        "run_id": run_id,
        "error_class": error_class[:100],
        "http_status": http_status,
        "detail": detail[:MAX_DETAIL],
        "last_seen_at": now,
    }
    if open_id is None:
        conn.execute(
            insert(table).values(source=source, stage=stage, url=url, attempts=1, first_seen_at=now, **values)
        )
    else:
        conn.execute(
            update(table).where(table.c.id == open_id).values(attempts=table.c.attempts + 1, **values)
        )


def resolve_failures(conn: Connection, urls: list[str], stages: tuple[str, ...]) -> int:
    """Mark the open failures of urls at stages resolved; return how many were."""
    if not urls:
        return 0
    table = table_of(Failure)
    result = conn.execute(
        update(table)
        .where(table.c.url.in_(urls), table.c.stage.in_(stages), table.c.resolved_at.is_(None))
        .values(resolved_at=datetime.now(UTC))
    )
    return int(result.rowcount or 0)
