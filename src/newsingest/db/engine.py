"""Engines: one place that knows SQLite needs WAL, a busy timeout, foreign keys, write locks."""

from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext, make_url

from newsingest.config import get_settings
from newsingest.db.retry import DATABASE_ATTRIBUTE

SQLITE_BUSY_TIMEOUT_MS = 60_000


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (CLI, dashboards) work while the loader writes; the busy timeout makes the
    # second writer (crawl subprocess vs. loader) wait instead of failing with "database is locked".
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# Set between a statement run outside a transaction and the BEGIN it implicitly starts (autobegin).
_IMPLICIT_BEGIN = "newsingest_implicit_begin"


def _note_implicit_begin(conn: Connection, *_args: Any) -> None:
    # before_execute runs before autobegin, and only for statements (not the driver SQL sent below).
    if conn.get_transaction() is None:
        conn.info[_IMPLICIT_BEGIN] = True


def _forget_implicit_begin(context: ExceptionContext) -> None:
    # A statement that failed before it began a transaction must not make the next BEGIN deferred.
    connection = context.connection
    if connection is not None and not connection.closed:
        connection.info.pop(_IMPLICIT_BEGIN, None)


def _forget_stale_flag(conn: Connection) -> None:
    conn.info.pop(_IMPLICIT_BEGIN, None)


def _sqlite_begin(conn: Connection) -> None:
    # An explicit begin (engine.begin(), conn.begin(), a Session) is a write transaction: it takes the
    # write lock at BEGIN, so two writers queue on the busy timeout instead of one failing on the lock
    # upgrade (SQLite cannot wait for a deferred transaction's upgrade). A statement run on
    # engine.connect() without begin() is a read: a deferred BEGIN takes no lock, and in WAL mode it
    # reads a snapshot at once even while a writer holds the write lock.
    implicit = conn.info.pop(_IMPLICIT_BEGIN, False)
    conn.exec_driver_sql("BEGIN" if implicit else "BEGIN IMMEDIATE")


def _postgres_custom_plans(dbapi_connection: Any, _record: Any) -> None:
    # The driver prepares a statement after a few runs, and PostgreSQL may then keep one generic plan.
    # Made while a first ingest's tables were nearly empty, that plan scans them whole for every
    # look-up by content hash or URL until the next ANALYZE: 29 ms a batch at 10,000 articles, not 5.
    cursor = dbapi_connection.cursor()
    cursor.execute("SET plan_cache_mode = force_custom_plan")
    cursor.close()
    dbapi_connection.commit()


def _note_database(context: ExceptionContext) -> None:
    # A lost or refused connection's message may not name the database (or names only its host): the
    # error carries the engine's URL, password masked, for the message that reports it.
    error = context.sqlalchemy_exception
    if error is not None and context.engine is not None:
        setattr(error, DATABASE_ATTRIBUTE, context.engine.url.render_as_string(hide_password=True))


def make_engine(url: str) -> Engine:
    """Create an engine for url, with SQLite tuned for one writer and many readers."""
    engine = _make_engine(url)
    event.listen(engine, "handle_error", _note_database)
    return engine


def _make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        # Let SQLAlchemy, not the driver, own transaction boundaries so writes can BEGIN IMMEDIATE.
        event.listen(engine, "connect", lambda conn, _rec: setattr(conn, "isolation_level", None))
        event.listen(engine, "before_execute", _note_implicit_begin)
        event.listen(engine, "handle_error", _forget_implicit_begin)
        event.listen(engine, "engine_connect", _forget_stale_flag)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    engine = create_engine(url, pool_pre_ping=True)
    if parsed.get_backend_name() == "postgresql":
        event.listen(engine, "connect", _postgres_custom_plans)
    return engine


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    """Return the shared engine for url (default: the configured database)."""
    return make_engine(url or get_settings().database_url)


def redact(url: str) -> str:
    """Return url with any password masked, for logs and messages."""
    return make_url(url).render_as_string(hide_password=True)
