"""The load baseline: the raw driver's executemany of the same rows into a plain table of the same columns."""

import json
import sqlite3
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from newsingest.contracts import ArticleRow

COLUMNS = (
    "url",
    "source",
    "title",
    "authors",
    "published_at",
    "modified_at",
    "language",
    "text",
    "word_count",
    "tags",
    "image_url",
    "site_name",
    "content_hash",
    "fingerprint",
    "extractor_version",
    "page_id",
    "meta",
    "first_seen_at",
    "last_seen_at",
)
JSON_COLUMNS = {"authors", "tags", "meta"}
# The articles table's types, without its foreign keys and secondary indexes: only url stays unique.
TYPES = {"word_count": "INTEGER", "page_id": "BIGINT", "published_at": "{ts}", "modified_at": "{ts}"}
TYPES |= {"first_seen_at": "{ts}", "last_seen_at": "{ts}"} | dict.fromkeys(JSON_COLUMNS, "{json}")


def create_table_sql(timestamp: str, json_type: str, key: str) -> str:
    """Return the CREATE TABLE of the plain table, in one dialect's type names."""
    columns = [f"{name} {TYPES.get(name, 'TEXT').format(ts=timestamp, json=json_type)}" for name in COLUMNS]
    columns[0] += " NOT NULL UNIQUE"
    return f"CREATE TABLE raw_articles (id {key}, {', '.join(columns)})"


INSERT = f"INSERT INTO raw_articles ({', '.join(COLUMNS)}) VALUES ({', '.join(['{p}'] * len(COLUMNS))})"


def _values(row: ArticleRow) -> dict[str, Any]:
    fields = {name: getattr(row, name) for name in COLUMNS if hasattr(row, name)}
    return fields | {"first_seen_at": row.seen_at, "last_seen_at": row.seen_at}


class SQLiteInserter:
    """sqlite3 with the pragmas of the production engine (WAL, synchronous=NORMAL)."""

    def __init__(self, path: str) -> None:
        """Open path and create the table."""
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute(create_table_sql("TEXT", "TEXT", "INTEGER PRIMARY KEY"))
        self.insert = INSERT.replace("{p}", "?")

    def load(self, rows: list[ArticleRow]) -> None:
        """Insert rows in one transaction."""
        values = []
        for row in rows:
            fields = _values(row)
            values.append(
                tuple(
                    json.dumps(value)
                    if name in JSON_COLUMNS
                    else value.isoformat()
                    if hasattr(value, "isoformat")
                    else value
                    for name, value in fields.items()
                )
            )
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.executemany(self.insert, values)
        self.conn.execute("COMMIT")

    def count(self) -> int:
        """Return the rows in the table."""
        return int(self.conn.execute("SELECT count(*) FROM raw_articles").fetchone()[0])

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


class PostgresInserter:
    """psycopg 3 executemany (pipelined by the driver) into a plain table."""

    def __init__(self, url: str) -> None:
        """Connect to url and create the table."""
        self.conn = psycopg.connect(url)
        self.conn.execute(create_table_sql("TIMESTAMPTZ", "JSONB", "BIGSERIAL PRIMARY KEY"))
        self.conn.commit()
        self.insert = INSERT.replace("{p}", "%s")

    def load(self, rows: list[ArticleRow]) -> None:
        """Insert rows in one transaction."""
        values = [
            tuple(Jsonb(value) if name in JSON_COLUMNS else value for name, value in _values(row).items())
            for row in rows
        ]
        with self.conn.cursor() as cursor:
            cursor.executemany(self.insert, values)
        self.conn.commit()

    def count(self) -> int:
        """Return the rows in the table."""
        row = self.conn.execute("SELECT count(*) FROM raw_articles").fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()
