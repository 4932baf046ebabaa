"""A bad row never stalls a source, on SQLite and PostgreSQL: it becomes a load failure, the rest load."""

import secrets
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, Row, delete, func, select
from tests.db.pages import insert_page

from newsingest.contracts import ArticleRow
from newsingest.db.models import Article, Failure, Page, table_of
from newsingest.dedup import content_hash
from newsingest.process.job import PageFailure
from newsingest.process.pages import PAGE_COLUMNS, ProcessCounts, load_batch, process_pending
from newsingest.sources import Source

NOW = datetime(2024, 3, 1, 12, tzinfo=UTC)
SOURCE = Source(slug="s", name="S", domain="n.example", feeds=["https://n.example/feed.xml"])


def store_pages(engine: Engine, count: int) -> list[Row[Any]]:
    """Store count unprocessed pages of SOURCE and return them as the processor reads them."""
    pages = table_of(Page)
    with engine.begin() as conn:
        for i in range(count):
            insert_page(conn, f"https://n.example/news/{i}", NOW)
    with engine.connect() as conn:
        return list(conn.execute(select(*(pages.c[n] for n in PAGE_COLUMNS)).order_by(pages.c.id)).all())


def result(page: Row[Any], text: str) -> ArticleRow:
    """Return the loader row the page's extraction gave."""
    return ArticleRow(
        url=page.url,
        source="s",
        title="Title",
        authors=[],
        published_at=NOW,
        modified_at=None,
        language="en",
        text=text,
        word_count=len(text.split()),
        tags=[],
        image_url=None,
        site_name=None,
        content_hash=content_hash(text),
        fingerprint="0" * 16,
        extractor_version="1",
        page_id=page.id,
        seen_at=NOW,
        meta={"dropped": {}},
    )


def load_failures(engine: Engine) -> list[tuple[str, str, int]]:
    """Return (url, error_class, attempts) of every open load failure."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(Failure.url, Failure.error_class, Failure.attempts)
            .where(Failure.stage == "load", Failure.resolved_at.is_(None))
            .order_by(Failure.url)
        ).all()
    return [(r.url, r.error_class, r.attempts) for r in rows]


def stored_urls(engine: Engine) -> list[str]:
    """Return the URLs of the stored articles."""
    with engine.connect() as conn:
        return list(conn.execute(select(Article.url).order_by(Article.url)).scalars())


def unprocessed(engine: Engine) -> int:
    """Return how many pages wait for processing."""
    with engine.connect() as conn:
        return int(
            conn.execute(
                select(func.count()).select_from(Page).where(Page.processed_at.is_(None))
            ).scalar_one()
        )


def test_an_overlong_url_and_a_nul_title_do_not_fail_the_batch(engine: Engine) -> None:
    batch = store_pages(engine, 4)
    monster = "https://n.example/news/" + secrets.token_hex(2500)  # 5,000 characters that do not compress
    results: list[ArticleRow | PageFailure] = [
        result(batch[0], "first text"),
        replace(result(batch[1], "second text"), url=monster),
        replace(result(batch[2], "third text"), title="NUL\x00 title"),
        result(batch[3], "fourth text"),
    ]
    counts = ProcessCounts()
    load_batch(engine, SOURCE, None, batch, results, counts)
    assert stored_urls(engine) == [batch[0].url, batch[2].url, batch[3].url]
    assert load_failures(engine) == [(batch[1].url, "URLTooLong", 1)]
    assert (counts.pages, counts.loaded.new, counts.failed["load/URLTooLong"]) == (4, 3, 1)
    with engine.connect() as conn:
        assert (
            conn.execute(select(Article.title).where(Article.url == batch[2].url)).scalar_one() == "NUL title"
        )
    assert unprocessed(engine) == 0
    assert process_pending(engine, SOURCE, None).pages == 0  # the next run has nothing left to retry
    assert load_failures(engine) == [(batch[1].url, "URLTooLong", 1)]


def test_a_row_the_database_refuses_becomes_a_load_failure_and_the_rest_load(engine: Engine) -> None:
    batch = store_pages(engine, 4)
    results: list[ArticleRow | PageFailure] = [result(page, f"text {page.id}") for page in batch]
    with engine.begin() as conn:  # a page gone meanwhile: its row's page_id breaks a foreign key
        conn.execute(delete(table_of(Page)).where(table_of(Page).c.id == batch[1].id))
    counts = ProcessCounts()
    load_batch(engine, SOURCE, None, batch, results, counts)
    assert stored_urls(engine) == [batch[0].url, batch[2].url, batch[3].url]
    [(url, error_class, attempts)] = load_failures(engine)
    assert (url, attempts) == (batch[1].url, 1)
    assert error_class in ("IntegrityError", "ForeignKeyViolation")  # SQLite's and psycopg's names
    assert (counts.pages, counts.loaded.new, sum(counts.failed.values())) == (4, 3, 1)
    assert unprocessed(engine) == 0
    assert process_pending(engine, SOURCE, None).pages == 0
    assert len(load_failures(engine)) == 1
