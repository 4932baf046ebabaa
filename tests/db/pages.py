"""A stored raw page for the database tests: an empty 200 response of source "s"."""

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert

from newsingest.db.models import Page, table_of


def insert_page(conn: Connection, url: str, fetched_at: datetime, **columns: Any) -> int:
    """Store an empty page of url fetched at fetched_at (columns override any value); return its id."""
    pages = table_of(Page)
    values = {
        "source": "s",
        "url": url,
        "canonical_url": url,
        "final_url": url,
        "status": 200,
        "headers": {},
        "fetched_at": fetched_at,
        "body": b"",
        "body_size": 0,
        "body_hash": "0" * 64,
        **columns,
    }
    return int(conn.execute(insert(pages).values(**values).returning(pages.c.id)).scalar_one())
