"""Re-checks of recent articles ask conditionally and store no page when the body is the stored one."""

import hashlib
from datetime import UTC, datetime, timedelta

import scrapy
from sqlalchemy import Engine, func, insert, select

from newsingest.crawl.item_pipeline import RawPagePipeline
from newsingest.crawl.items import RawPage
from newsingest.crawl.store import known_urls
from newsingest.db.bodies import compress_body
from newsingest.db.models import Article, Page, table_of
from tests.crawl.spider_kit import (
    FEED,
    SOURCE,
    article_response,
    drain,
    index_response,
    make_spider,
    rss,
    settle,
)

URL = "https://n.example/news/budget.html"
BODY = b"<html><body><article><p>The council voted.</p></article></body></html>"
ETAG = '"body-v1"'
MODIFIED = "Mon, 01 Jan 2024 10:00:00 GMT"


def store_article(engine: Engine, fetched: datetime) -> None:
    """Store a page of URL (with its validators) and a recent article made from it."""
    with engine.begin() as conn:
        page_id = conn.execute(
            insert(table_of(Page)).returning(table_of(Page).c.id),
            {
                "source": SOURCE.slug,
                "url": URL,
                "canonical_url": URL,
                "final_url": URL,
                "status": 200,
                "headers": {"Etag": ETAG, "Last-Modified": MODIFIED, "Content-Type": "text/html"},
                "fetched_at": fetched,
                "body": compress_body(BODY),
                "body_size": len(BODY),
                "body_hash": hashlib.sha256(BODY).hexdigest(),
            },
        ).scalar_one()
        conn.execute(
            insert(table_of(Article)),
            {
                "url": URL,
                "source": SOURCE.slug,
                "authors": [],
                "tags": [],
                "language": "en",
                "text": "The council voted.",
                "word_count": 3,
                "content_hash": "h",
                "fingerprint": "0" * 16,
                "extractor_version": "1",
                "meta": {},
                "published_at": fetched - timedelta(hours=1),
                "first_seen_at": fetched,
                "last_seen_at": fetched,
                "page_id": page_id,
            },
        )


def recheck_request(engine: Engine) -> scrapy.Request:
    """Return the request a feed listing URL gets, the article being due a re-check."""
    spider = make_spider()
    response = index_response(spider, FEED, rss([URL]), spider.parse_feed)
    [request] = drain(spider.parse_feed(response))
    assert isinstance(request, scrapy.Request)
    return request


def page_rows(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Page)).scalar_one())


def test_a_recheck_sends_the_stored_validators(engine: Engine) -> None:
    store_article(engine, datetime.now(UTC) - timedelta(hours=2))
    request = recheck_request(engine)
    assert request.headers.get(b"If-None-Match") == ETAG.encode()
    assert request.headers.get(b"If-Modified-Since") == MODIFIED.encode()
    assert 304 in request.meta["handle_httpstatus_list"]


def test_a_recheck_stores_a_page_only_when_the_body_changed(engine: Engine) -> None:
    store_article(engine, datetime.now(UTC) - timedelta(hours=2))
    request = recheck_request(engine)
    spider = make_spider()
    callback = spider.parse_article
    not_modified = callback(article_response(request, b"", status=304), **request.cb_kwargs)
    same_body = callback(article_response(request, BODY), **request.cb_kwargs)
    changed = callback(article_response(request, BODY.replace(b"voted", b"voted again")), **request.cb_kwargs)
    assert not any(isinstance(item, RawPage) for item in [*not_modified, *same_body])
    assert [type(item) for item in changed] == [RawPage]
    assert spider.crawler.stats is not None
    assert spider.crawler.stats.get_value("newsingest/unchanged_bodies") == 2


def test_an_unchanged_recheck_moves_the_stored_fetch_time_and_adds_no_row(engine: Engine) -> None:
    store_article(engine, datetime.now(UTC) - timedelta(hours=2))
    request = recheck_request(engine)
    spider = make_spider()
    pipeline = RawPagePipeline.from_crawler(spider.crawler)
    pipeline.open_spider()
    for item in spider.parse_article(article_response(request, BODY), **request.cb_kwargs):
        settle(pipeline.process_item(item))
    settle(pipeline.close_spider())
    assert page_rows(engine) == 1
    # Checked just now: not due again before the source's refetch interval.
    hourly = SOURCE.model_copy(update={"refetch_interval_minutes": 60})
    assert known_urls(engine, hourly, [URL]) == {URL}
