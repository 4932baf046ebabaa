"""Failure rows: one open row per (stage, URL), its attempts counted, resolved when it later works."""

from datetime import UTC, datetime

from sqlalchemy import Connection, update

from newsingest.db.dialect import dialect_insert
from newsingest.db.models import Failure, table_of
from newsingest.db.scrub import MAX_URL_BYTES, clip_utf8, scrub_text

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
    """Insert a failure, or bump the open one for the same stage and URL, in one statement."""
    now = datetime.now(UTC)
    table = table_of(Failure)
    values = {
        "run_id": run_id,
        "error_class": scrub_text(error_class)[:100],
        "http_status": http_status,
        "detail": scrub_text(detail)[:MAX_DETAIL],
        "last_seen_at": now,
    }
    # The unique index on open rows is a btree: a URL past its size limit would fail the insert.
    key = clip_utf8(scrub_text(url), MAX_URL_BYTES)
    statement = dialect_insert(conn, table).values(
        source=source, stage=stage, url=key, attempts=1, first_seen_at=now, **values
    )
    # An upsert, not select-then-insert: two writers failing on the same URL at once bump one row.
    conn.execute(
        statement.on_conflict_do_update(
            index_elements=["stage", "url"],
            index_where=table.c.resolved_at.is_(None),
            set_={"attempts": table.c.attempts + 1, **values},
        )
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
