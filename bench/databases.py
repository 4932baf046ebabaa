"""Scratch databases for the measured runs: SQLite in a temporary folder, PostgreSQL under a unique name."""

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

# The server every test run also uses (trust authentication on CI); any database of it works here.
DEFAULT_URL = os.environ.get("NEWSINGEST_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def libpq_url(url: str, database: str | None = None) -> str:
    """Return url as a plain libpq URL (no SQLAlchemy driver), optionally for another database."""
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


def sqlalchemy_url(url: str) -> str:
    """Return url for SQLAlchemy with the psycopg 3 driver, as production configures it."""
    return make_url(url).set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


@contextmanager
def scratch_database(server_url: str = DEFAULT_URL) -> Iterator[str]:
    """Create an empty database on the server, yield its libpq URL, drop it on the way out."""
    name = f"newsingest_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(libpq_url(server_url), autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield libpq_url(server_url, name)
    finally:
        with psycopg.connect(libpq_url(server_url), autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def sqlite_workdir(stage: str) -> Iterator[Path]:
    """Yield a temporary folder whose stage.db is this process's (fresh, empty) configured database."""
    with tempfile.TemporaryDirectory(prefix=f"newsingest-bench-{stage}-") as workdir:
        os.environ["NEWSINGEST_DATABASE_URL"] = f"sqlite:///{workdir}/{stage}.db"
        yield Path(workdir)
