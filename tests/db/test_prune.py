"""Retention on SQLite and PostgreSQL: old raw pages go, unless an article, the crawl or extraction needs them."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, insert, select
from tests.db.pages import insert_page

from newsingest.db.models import Article, ArticleVersion, Page, table_of
from newsingest.db.retention import PruneCounts, prune_pages

NOW = datetime(2024, 6, 1, tzinfo=UTC)


def add_page(engine: Engine, url: str, days_ago: int, processed: bool = True) -> int:
    """Store a page of url fetched days_ago days before NOW and return its id."""
    fetched = NOW - timedelta(days=days_ago)
    with engine.begin() as conn:
        return insert_page(
            conn,
            url,
            fetched,
            body=b"x",
            body_size=1,
            processed_at=fetched if processed else None,
        )


def add_article(engine: Engine, url: str, page_id: int, version_page_id: int) -> None:
    """Store an article of url from page_id, with one earlier version from version_page_id."""
    articles = table_of(Article)
    with engine.begin() as conn:
        article_id = conn.execute(
            insert(articles)
            .values(
                url=url,
                source="s",
                language="en",
                text="now",
                word_count=1,
                content_hash="b" * 64,
                fingerprint="0" * 16,
                extractor_version="1",
                page_id=page_id,
                first_seen_at=NOW,
                last_seen_at=NOW,
            )
            .returning(articles.c.id)
        ).scalar_one()
        conn.execute(
            insert(table_of(ArticleVersion)).values(
                article_id=article_id,
                content_hash="a" * 64,
                text="before",
                seen_at=NOW,
                page_id=version_page_id,
            )
        )


def remaining(engine: Engine) -> set[int]:
    """Return the ids of the stored pages."""
    with engine.connect() as conn:
        return set(conn.execute(select(Page.id)).scalars())


def test_prune_keeps_pages_behind_articles_and_versions_unprocessed_and_newest(engine: Engine) -> None:
    article, waiting, failed = "https://n.example/a", "https://n.example/b", "https://n.example/c"
    current = add_page(engine, article, 40)
    version = add_page(engine, article, 35)
    superseded = add_page(engine, article, 38)  # an identical re-fetch nothing points at
    recent = add_page(engine, article, 1)
    unprocessed = add_page(engine, waiting, 50, processed=False)
    latest = add_page(engine, failed, 45)  # its extraction failed: the crawl still knows it fetched it
    older = add_page(engine, failed, 60)
    add_article(engine, article, current, version)

    counts = prune_pages(engine, keep_days=30, now=NOW, batch_size=1)
    assert counts == PruneCounts(deleted=2, kept_for_articles=2, kept_unprocessed=1, kept_latest=1)
    assert remaining(engine) == {current, version, recent, unprocessed, latest}
    assert superseded not in remaining(engine) and older not in remaining(engine)
    with engine.connect() as conn:  # nothing lost its page
        assert conn.execute(select(Article.page_id)).scalar_one() == current
        assert conn.execute(select(ArticleVersion.page_id)).scalar_one() == version

    assert prune_pages(engine, keep_days=30, now=NOW).deleted == 0  # a second prune finds nothing
    assert prune_pages(engine, keep_days=0, now=NOW).deleted == 0  # the recent page is its URL's newest


def test_prune_refuses_a_negative_retention(engine: Engine) -> None:
    with pytest.raises(ValueError, match="keep_days"):
        prune_pages(engine, keep_days=-1)
