"""Which URLs an incremental run skips: stored ones, except recent articles due a correction check."""

import zlib
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, insert

from newsingest.crawl.store import failed_urls, known_urls
from newsingest.db.failures import record_failure
from newsingest.db.models import Article, table_of
from newsingest.sources import Source
from tests.db.pages import insert_page

NOW = datetime(2024, 5, 1, 12, tzinfo=UTC)
SOURCE = Source(
    slug="s", name="S", domain="n.example", feeds=["https://n.example/feed"], max_fetch_attempts=2
)


def store(engine: Engine, url: str, fetched: datetime, published: datetime | None) -> None:
    with engine.begin() as conn:
        page_id = insert_page(conn, url, fetched, body=zlib.compress(b"x"), body_size=1)
        conn.execute(
            insert(table_of(Article)),
            {
                "url": url,
                "source": "s",
                "authors": [],
                "tags": [],
                "language": "en",
                "text": "t",
                "word_count": 1,
                "content_hash": "h" + url,
                "fingerprint": "0" * 16,
                "extractor_version": "1",
                "meta": {},
                "published_at": published,
                "first_seen_at": fetched,
                "last_seen_at": fetched,
                "page_id": page_id,
            },
        )


def test_known_urls_skip_old_articles_and_recheck_recent_ones(engine: Engine) -> None:
    old, recent, checked = "https://n.example/old", "https://n.example/recent", "https://n.example/checked"
    store(engine, old, NOW - timedelta(days=3), NOW - timedelta(days=30))
    store(engine, recent, NOW - timedelta(hours=2), NOW - timedelta(hours=5))  # due: last fetch 2 h ago
    store(engine, checked, NOW - timedelta(minutes=10), NOW - timedelta(hours=5))  # checked 10 min ago
    known = known_urls(engine, SOURCE, [old, recent, checked, "https://n.example/new"], now=NOW)
    assert known == {old, checked}


def test_failed_urls_are_retried_until_the_attempt_limit(engine: Engine) -> None:
    with engine.begin() as conn:
        for _ in range(2):
            record_failure(
                conn,
                source="s",
                stage="fetch",
                url="https://n.example/a",
                error_class="HTTP 500",
                detail="server answered 500",
                http_status=500,
            )
        record_failure(
            conn,
            source="s",
            stage="fetch",
            url="https://n.example/b",
            error_class="HTTP 500",
            detail="server answered 500",
            http_status=500,
        )
    # Past the first attempt's backoff (the refetch interval), so only the attempt limit decides.
    later = datetime.now(UTC) + timedelta(minutes=SOURCE.refetch_interval_minutes + 1)
    assert failed_urls(engine, SOURCE, now=later) == ["https://n.example/b"]
