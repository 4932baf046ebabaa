"""Failure rows on SQLite and PostgreSQL: one open row per stage and URL, even with concurrent writers."""

import threading
import time
from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import Engine, insert, select

from newsingest.db.failures import record_failure, resolve_failures
from newsingest.db.migrate import alembic_config
from newsingest.db.models import Failure, table_of

URL = "https://n.example/broken"


def open_rows(engine: Engine) -> list[tuple[str, str, int, str]]:
    """Return (stage, url, attempts, detail) of every open failure."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(Failure.stage, Failure.url, Failure.attempts, Failure.detail)
            .where(Failure.resolved_at.is_(None))
            .order_by(Failure.id)
        ).all()
    return [(r.stage, r.url, r.attempts, r.detail) for r in rows]


def fail(engine: Engine, detail: str, url: str = URL) -> None:
    """Record one extract failure of url in its own transaction."""
    with engine.begin() as conn:
        record_failure(conn, source="s", stage="extract", url=url, error_class="E", detail=detail)


def test_repeats_bump_one_open_row_and_a_resolved_one_starts_afresh(engine: Engine) -> None:
    fail(engine, "first")
    fail(engine, "second")
    assert open_rows(engine) == [("extract", URL, 2, "second")]
    with engine.begin() as conn:
        assert resolve_failures(conn, [URL], ("extract",)) == 1
    fail(engine, "third")
    assert open_rows(engine) == [("extract", URL, 1, "third")]


def test_two_concurrent_writers_leave_one_open_row_with_two_attempts(engine: Engine) -> None:
    first_in = threading.Event()
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with engine.begin() as conn:
                record_failure(conn, source="s", stage="extract", url=URL, error_class="E", detail="one")
                first_in.set()
                time.sleep(0.8)  # the second writer runs its statement while this row is uncommitted
        except BaseException as exc:  # reported by the test thread
            errors.append(exc)
            first_in.set()

    def second() -> None:
        try:
            first_in.wait(30)
            fail(engine, "two")
        except BaseException as exc:  # reported by the test thread
            errors.append(exc)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert open_rows(engine) == [("extract", URL, 2, "two")]


def test_a_nul_detail_and_an_overlong_url_are_stored(engine: Engine) -> None:
    long_url = "https://n.example/" + "".join(f"{i:x}" for i in range(3000))  # past the btree limit
    fail(engine, "bad \x00 byte \ud800", url=long_url)
    fail(engine, "again", url=long_url)
    [(_stage, url, attempts, detail)] = open_rows(engine)
    assert long_url.startswith(url) and len(url.encode()) <= 2000
    assert (attempts, detail) == (2, "again")


def test_the_migration_merges_open_duplicates(engine: Engine, database_url: str) -> None:
    config = alembic_config(database_url)
    engine.dispose()
    command.downgrade(config, "256507f3210e")  # before the unique index: duplicates could be written
    now = datetime(2024, 1, 1, tzinfo=UTC)
    base = {"source": "s", "stage": "fetch", "error_class": "HTTP 500", "detail": "d", "last_seen_at": now}
    rows = [
        base | {"url": URL, "attempts": 2, "first_seen_at": now - timedelta(days=2), "detail": "old"},
        base | {"url": URL, "attempts": 3, "first_seen_at": now - timedelta(days=1), "detail": "new"},
        base | {"url": URL, "attempts": 1, "first_seen_at": now, "resolved_at": now},
        base | {"url": "https://n.example/other", "attempts": 1, "first_seen_at": now},
    ]
    with engine.begin() as conn:
        for row in rows:
            conn.execute(insert(table_of(Failure)).values(**({"resolved_at": None} | row)))
    engine.dispose()
    command.upgrade(config, "head")
    assert open_rows(engine) == [("fetch", URL, 5, "new"), ("fetch", "https://n.example/other", 1, "d")]
    with engine.connect() as conn:
        first_seen = conn.execute(
            select(Failure.first_seen_at).where(Failure.url == URL, Failure.resolved_at.is_(None))
        ).scalar_one()
        assert first_seen == now - timedelta(days=2)
        assert conn.execute(select(Failure.id).where(Failure.resolved_at.is_not(None))).all() != []
