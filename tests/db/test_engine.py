"""Transactions on SQLite and PostgreSQL: reads never wait for a writer, writers take the lock at BEGIN."""

import sqlite3
import time

import pytest
from sqlalchemy import Connection, Engine, func, insert, select

from newsingest.db.models import SourceRow, table_of

READ_BUDGET_S = 1.0


def add_source(conn: Connection, slug: str) -> None:
    """Insert a sources row in conn's transaction."""
    conn.execute(
        insert(table_of(SourceRow)).values(slug=slug, name=slug, domain=f"{slug}.example", config={})
    )


def test_a_reader_does_not_wait_for_an_open_write_transaction(engine: Engine) -> None:
    with engine.begin() as setup:
        add_source(setup, "before")
    with engine.connect() as writer:
        transaction = writer.begin()
        add_source(writer, "during")  # the writer now holds the write lock, uncommitted
        try:
            with engine.connect() as reader:
                if engine.dialect.name == "sqlite":
                    # A reader that needed the write lock would fail after 3 s instead of waiting 60 s.
                    raw = reader.connection.dbapi_connection
                    assert raw is not None
                    raw.cursor().execute("PRAGMA busy_timeout=3000")
                started = time.monotonic()
                slugs = reader.execute(select(SourceRow.slug)).scalars().all()
                waited = time.monotonic() - started
        finally:
            transaction.commit()
    assert slugs == ["before"]  # the snapshot before the writer's commit
    assert waited < READ_BUDGET_S
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(SourceRow)).scalar_one() == 2


# The write lock taken at BEGIN is SQLite's; PostgreSQL locks rows (CI fails on skipped PostgreSQL tests).
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_write_transaction_holds_the_write_lock_from_begin(engine: Engine, database_url: str) -> None:
    path = database_url.removeprefix("sqlite:///")
    with engine.begin() as writer:
        writer.execute(select(SourceRow.slug)).all()  # only read so far: the lock is BEGIN's
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # free again once the transaction has ended
        other.execute("ROLLBACK")
    finally:
        other.close()
