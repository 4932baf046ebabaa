"""Retries that end: an attempt cap and a doubling wait for every listed URL; other schemes refused."""

from datetime import UTC, datetime, timedelta

import pytest
import scrapy
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from sqlalchemy import Engine
from twisted.python.failure import Failure as TwistedFailure

from newsingest.crawl.errback import classify
from newsingest.crawl.middlewares.ssrf import BlockedRequest, SSRFGuardMiddleware
from newsingest.crawl.store import failed_urls, known_urls
from newsingest.db.failures import record_failure
from tests.crawl.spider_kit import FEED, SOURCE, drain, index_response, make_spider, rss

FAILING = "https://n.example/news/failing.html"
FRESH = "https://n.example/news/fresh.html"
# Three runs at most; after a failure the next try waits 60 min, then 120 min.
RESTING = SOURCE.model_copy(update={"max_fetch_attempts": 3, "refetch_interval_minutes": 60})


def fail(engine: Engine, url: str = FAILING) -> None:
    with engine.begin() as conn:
        record_failure(
            conn,
            source=SOURCE.slug,
            stage="fetch",
            url=url,
            error_class="HTTP 500",
            detail="server answered 500",
            http_status=500,
        )


def skipped(engine: Engine, after: timedelta) -> bool:
    now = datetime.now(UTC) + after
    in_known = known_urls(engine, RESTING, [FAILING], now=now) == {FAILING}
    in_retries = FAILING in failed_urls(engine, RESTING, now=now)
    assert in_known != in_retries  # a URL is either resting or due, for every source of URLs alike
    return in_known


def test_a_failing_url_waits_twice_as_long_after_each_attempt_and_stops_at_the_cap(engine: Engine) -> None:
    fail(engine)
    assert skipped(engine, timedelta(minutes=30))
    assert not skipped(engine, timedelta(minutes=61))
    fail(engine)
    assert skipped(engine, timedelta(minutes=61))
    assert not skipped(engine, timedelta(minutes=121))
    fail(engine)  # the third attempt: the cap
    assert known_urls(engine, RESTING, [FAILING], now=datetime.now(UTC) + timedelta(days=30)) == {FAILING}
    assert failed_urls(engine, RESTING, now=datetime.now(UTC) + timedelta(days=30)) == []


def test_a_feed_listing_a_resting_url_requests_only_the_others(engine: Engine) -> None:
    fail(engine)
    spider = make_spider(RESTING)
    response = index_response(spider, FEED, rss([FAILING, FRESH]), spider.parse_feed)
    output = drain(spider.parse_feed(response))
    assert [o.url for o in output if isinstance(o, scrapy.Request)] == [FRESH]


@pytest.mark.parametrize(
    "location",
    ["file:///etc/passwd", "ftp://n.example/x", "data:text/html,<p>hi</p>", "gopher://n.example/1"],
)
def test_a_redirect_to_another_scheme_is_refused_not_an_http_failure(location: str) -> None:
    crawler = get_crawler(settings_dict={"NEWSINGEST_PRIVATE_HOSTS": []})
    guard = SSRFGuardMiddleware.from_crawler(crawler)
    request = scrapy.Request(FRESH)
    response = HtmlResponse(FRESH, status=302, headers={"Location": location}, request=request)
    with pytest.raises(BlockedRequest) as raised:
        guard.process_response(request, response)
    failure = classify(TwistedFailure(raised.value), FRESH)  # type: ignore[no-untyped-call]
    assert (failure.stage, failure.error_class) == ("refused", "BlockedScheme")
    assert location.split(":", 1)[0] in failure.detail


def test_a_redirect_to_http_is_left_to_the_redirect_middleware() -> None:
    guard = SSRFGuardMiddleware.from_crawler(get_crawler())
    request = scrapy.Request(FRESH)
    response = HtmlResponse(FRESH, status=301, headers={"Location": "/news/moved.html"}, request=request)
    assert guard.process_response(request, response) is response
