"""Retry-After on a 429 or 503 holds back that host's requests only, for as long as asked (capped)."""

import asyncio
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newsingest.config import Settings
from newsingest.crawl.items import RawPage
from newsingest.crawl.middlewares.retry_after import RetryAfterMiddleware, host_key, retry_after_seconds
from tests.crawl.middlewares.chain import SITE, Crawl, Outcome, Reply, Site

LIMITED = f"{SITE}/news/limited-story.html"
OTHER_HOST = [f"https://m.example/news/free-{i}.html" for i in range(3)]
WAIT_S = 2


def test_retry_after_is_read_as_seconds_or_as_an_http_date() -> None:
    now = datetime(2024, 3, 1, 12, tzinfo=UTC)
    assert retry_after_seconds("3") == 3.0 and retry_after_seconds(" 120 ") == 120.0
    assert retry_after_seconds(format_datetime(now + timedelta(seconds=90)), now.timestamp()) == 90.0
    assert retry_after_seconds(format_datetime(now - timedelta(hours=1)), now.timestamp()) == 0.0
    assert retry_after_seconds("soon") is None and retry_after_seconds("-5") is None


def test_a_wait_applies_to_a_host_and_port() -> None:
    assert host_key("https://N.example/a") == host_key("https://n.example/b?c") == "n.example:"
    assert host_key("http://n.example:8080/a") == "n.example:8080" != host_key("http://n.example/a")


def test_a_429s_host_waits_as_asked_while_other_hosts_go_on() -> None:
    site = Site({LIMITED: [Reply(429, b"slow down", {"Retry-After": str(WAIT_S)}), Reply(200)]})
    site.routes.update(dict.fromkeys(OTHER_HOST, Reply(200)))
    crawl = Crawl(site)

    async def crawl_both() -> tuple[Outcome, list[Outcome], bool]:
        limited = asyncio.create_task(crawl.fetch_article(LIMITED))
        while site.requested(LIMITED) < 1:  # the 429 is answered; RetryMiddleware asks again
            await asyncio.sleep(0.01)
        others = await asyncio.gather(*(crawl.fetch_article(url) for url in OTHER_HOST))
        waiting = not limited.done()  # the other host's pages came while the limited host still waited
        return await limited, others, waiting

    page, others, waiting = asyncio.run(crawl_both())
    assert isinstance(page, RawPage) and all(isinstance(o, RawPage) for o in others) and waiting
    first, retry = site.hits(LIMITED)
    assert retry - first >= WAIT_S - 0.1  # asyncio's timers may fire a hair early
    assert all(site.requested(url) == 1 for url in OTHER_HOST)
    assert crawl.stat("newsingest/retry_after") == 1 and crawl.stat("newsingest/retry_after_max_s") == WAIT_S


@pytest.mark.parametrize("status", [429, 503])
def test_the_wait_is_capped_by_the_setting(status: int) -> None:
    site = Site({LIMITED: [Reply(status, b"", {"Retry-After": "3600"}), Reply(200)]})
    crawl = Crawl(site, settings=Settings(retry_after_max=1))
    assert isinstance(crawl.article(LIMITED), RawPage)
    first, retry = site.hits(LIMITED)
    assert 0.9 <= retry - first < 3600
    assert crawl.stat("newsingest/retry_after_max_s") == 1


@pytest.mark.parametrize(
    ("status", "header"),
    [(500, "30"), (429, None), (429, "whenever"), (200, "30")],
    ids=["500", "no-header", "unreadable", "200"],
)
def test_only_a_429_or_503_with_a_readable_retry_after_holds_a_host(status: int, header: str | None) -> None:
    middleware = RetryAfterMiddleware.from_crawler(get_crawler())
    request = Request(LIMITED)
    headers = {"Retry-After": header} if header else {}
    response = HtmlResponse(LIMITED, status=status, headers=headers, request=request)
    assert middleware.process_response(request, response) is response
    assert middleware.not_before == {}
    assert middleware.crawler.stats.get_value("newsingest/retry_after") is None
