"""The INSERT of whichever database a connection speaks: the one with ON CONFLICT (SQLite, PostgreSQL)."""

from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def dialect_insert(conn: Connection, table: Table) -> Any:
    """Return the dialect's INSERT for table, the one with ON CONFLICT (SQLite and PostgreSQL)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)
