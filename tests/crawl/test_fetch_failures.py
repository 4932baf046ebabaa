"""What a failed fetch becomes: retries as the crawl sets them, then one failure with a stage and a class.

Each fault is what Scrapy's download handler raises or answers, sent through the crawl's real downloader
middlewares (tests/crawl/middlewares/chain.py); the spider's errback names the failure.
"""

import gzip
import re
import zlib

import brotli  # type: ignore[import-untyped]
import pytest
from scrapy import Request
from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from twisted.internet.error import ConnectionLost
from twisted.internet.error import TimeoutError as TwistedTimeoutError
from twisted.python.failure import Failure as TwistedFailure

from newsingest.config import Settings
from newsingest.crawl.errback import classify
from newsingest.crawl.items import FetchFailure, RawPage
from tests.crawl.middlewares.chain import SITE, SOURCE, Crawl, Reply, Site, failure_of

STORY = f"{SITE}/news/story.html"
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
LIMIT = 1024 * 1024  # the source's download_maxsize in the size tests
BOMB_BYTES = 64 * LIMIT  # decoded size of each compression bomb


@pytest.mark.parametrize(
    "error",
    [
        DownloadTimeoutError(f"Getting {STORY} took longer than 2.0 seconds."),  # slow headers or body
        TwistedTimeoutError("User timeout caused connection failure."),  # type: ignore[no-untyped-call]
    ],
    ids=["scrapy", "twisted"],
)
def test_a_timeout_is_tried_three_times_then_a_timeout_failure(error: Exception) -> None:
    site = Site({STORY: error})
    crawl = Crawl(site, settings=Settings(download_timeout=2))
    assert failure_of(crawl.article(STORY)) == ("fetch", "TimeoutError")
    # The handler is told to give up after the configured timeout (here 2 s), not Scrapy's 180 s default.
    assert {request.meta["download_timeout"] for _, request in site.log} == {2}
    assert site.requested(STORY) == 3


def test_a_5xx_burst_is_retried_and_the_page_stored() -> None:
    site = Site({STORY: [Reply(503, b"busy"), Reply(502, b"bad gateway"), Reply(200)]})
    page = Crawl(site).article(STORY)
    assert isinstance(page, RawPage) and page.status == 200
    assert site.requested(STORY) == 3


def test_a_500_that_stays_is_an_http_failure_after_two_retries() -> None:
    site = Site({STORY: Reply(500, b"<html>Internal error</html>")})
    failure = Crawl(site).article(STORY)
    assert failure_of(failure) == ("fetch", "HTTP 500")
    assert isinstance(failure, FetchFailure) and failure.http_status == 500
    assert site.requested(STORY) == 3  # first try and two retries


@pytest.mark.parametrize(
    "error",
    [DownloadFailedError("Connection was closed cleanly."), ConnectionLost("Connection reset by peer.")],
    ids=["download-failed", "connection-lost"],
)
def test_a_reset_connection_is_retried_then_failed_under_its_own_name(error: Exception) -> None:
    site = Site({STORY: error})
    assert failure_of(Crawl(site).article(STORY)) == ("fetch", type(error).__name__)
    assert site.requested(STORY) == 3


def test_a_body_cut_short_is_a_data_loss_failure_never_a_page() -> None:
    site = Site({STORY: ResponseDataLossError()})
    crawl = Crawl(site)
    assert crawl.crawler.settings.getbool("DOWNLOAD_FAIL_ON_DATALOSS")  # half a page raises, is not handed on
    assert failure_of(crawl.article(STORY)) == ("fetch", "ResponseDataLossError")


def test_redirect_loops_end_as_redirect_loop_failures_of_the_url_asked_for() -> None:
    loop_a, loop_b, endless = f"{SITE}/news/loop-a.html", f"{SITE}/news/loop-b.html", f"{SITE}/news/endless"

    def further(request: Request) -> Reply:  # a new URL every time: no loop a URL filter could see
        return Reply(302, b"", {"Location": f"{endless}?n={len(request.url)}"})

    site = Site(
        {loop_a: Reply(302, b"", {"Location": loop_b}), loop_b: Reply(302, b"", {"Location": loop_a})}
    )
    site.routes.update({f"{endless}?n={n}": further for n in range(100)} | {endless: further})
    crawl = Crawl(site)
    found = crawl.articles(loop_a, endless)
    assert {url: failure_of(outcome) for url, outcome in found.items()} == {
        loop_a: ("fetch", "RedirectLoop"),
        endless: ("fetch", "RedirectLoop"),
    }
    followed = [request for _, request in site.log if "/news/" in request.url]
    assert len(followed) == 2 * (1 + crawl.crawler.settings.getint("REDIRECT_MAX_TIMES"))


def test_pages_that_are_not_html_are_failures_and_a_binary_labelled_html_is_stored_for_the_extractor() -> (
    None
):
    pdf, photo, lying = (f"{SITE}/news/{name}" for name in ("report.pdf", "photo.png", "lying-label.html"))
    site = Site(
        {
            pdf: Reply(200, PDF, {"Content-Type": "application/pdf"}),
            photo: Reply(200, PNG, {"Content-Type": "image/png"}),
            lying: Reply(200, PNG, {"Content-Type": "text/html; charset=utf-8"}),
        }
    )
    found = Crawl(site).articles(pdf, photo, lying)
    assert failure_of(found[pdf]) == ("fetch", "NotHTML") and failure_of(found[photo]) == ("fetch", "NotHTML")
    assert isinstance(found[lying], RawPage)  # the extraction stage's binary check rejects it


def bomb(encoding: str) -> bytes:
    """Return BOMB_BYTES of zeros compressed with encoding."""
    zeros = b"\0" * BOMB_BYTES
    if encoding == "br":
        return bytes(brotli.compress(zeros, quality=1))
    if encoding == "gzip":
        return gzip.compress(zeros, compresslevel=9)
    return zlib.compress(zeros, 9)


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
def test_a_compression_bomb_stops_at_the_size_limit_while_decoding(encoding: str) -> None:
    site = Site({STORY: Reply(200, bomb(encoding), {"Content-Encoding": encoding})})
    crawl = Crawl(site, SOURCE.model_copy(update={"download_maxsize": LIMIT}))
    failure = crawl.article(STORY)
    assert failure_of(failure) == ("too_large", "TooLarge")
    assert isinstance(failure, FetchFailure)
    decoded = re.search(r"(\d+) B decompressed so far", failure.detail)
    assert decoded, failure.detail
    assert int(decoded.group(1)) <= 2 * LIMIT  # decoding stopped near the limit: memory stays bounded


def test_a_body_larger_than_the_limit_is_too_large() -> None:
    # What the handler raises once Content-Length (or the bytes read so far) pass DOWNLOAD_MAXSIZE.
    announced = f"Expected to receive 104857600 bytes which is larger than download max size ({LIMIT})."
    read = f"Received {LIMIT + 1} bytes which is larger than download max size ({LIMIT})."
    site = Site({STORY: DownloadCancelledError(announced), f"{STORY}?close": DownloadCancelledError(read)})
    crawl = Crawl(site, SOURCE.model_copy(update={"download_maxsize": LIMIT}))
    assert (
        crawl.crawler.settings.getint("DOWNLOAD_MAXSIZE") == LIMIT
    )  # the source's limit, below the global one
    assert failure_of(crawl.article(STORY)) == ("too_large", "TooLarge")
    assert failure_of(crawl.article(f"{STORY}?close")) == ("too_large", "TooLarge")


def test_a_request_a_middleware_ignores_for_another_reason_is_an_ignored_fetch() -> None:
    failure = classify(TwistedFailure(IgnoreRequest("Filtered offsite request")), STORY)  # type: ignore[no-untyped-call]
    assert (failure.stage, failure.error_class) == ("fetch", "Ignored")
