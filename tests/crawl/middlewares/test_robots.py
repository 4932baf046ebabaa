"""robots.txt per RFC 9309: rules are obeyed, a 4xx allows everything, a 5xx or no answer disallows all."""

import pytest
from scrapy.exceptions import DownloadFailedError, DownloadTimeoutError

from newsingest.crawl.items import FetchFailure, RawPage
from tests.crawl.middlewares.chain import SITE, Crawl, Reply, Site, failure_of

ROBOTS = f"{SITE}/robots.txt"
FEED = f"{SITE}/feed.xml"
OPEN = f"{SITE}/news/open-story.html"
PRIVATE = f"{SITE}/news/private-story.html"


def site_with_robots(robots: Reply | Exception) -> Site:
    return Site({ROBOTS: robots, OPEN: Reply(200), PRIVATE: Reply(200)})


def test_a_disallowed_article_is_never_requested_and_fails_as_robots_disallowed() -> None:
    site = site_with_robots(
        Reply(200, b"User-agent: *\nDisallow: /news/private-\n", {"Content-Type": "text/plain"})
    )
    found = Crawl(site).articles(OPEN, PRIVATE)
    assert isinstance(found[OPEN], RawPage)
    assert failure_of(found[PRIVATE]) == ("robots", "RobotsDisallowed")
    assert site.requested(PRIVATE) == 0 and site.requested(OPEN) == 1 and site.requested(ROBOTS) == 1


@pytest.mark.parametrize(
    ("robots", "why"),
    [
        (Reply(503, b"down"), "robots.txt answered 503"),
        (Reply(500, b"User-agent: *\nAllow: /\n"), "robots.txt answered 500"),  # an error page is no rules
        (DownloadTimeoutError(f"Getting {ROBOTS} took longer than 2.0 seconds."), "DownloadTimeoutError"),
        (DownloadFailedError("Connection refused"), "DownloadFailedError"),
    ],
    ids=["503", "500", "timeout", "refused"],
)
def test_an_unreachable_robots_txt_disallows_everything_for_the_run(
    robots: Reply | Exception, why: str
) -> None:
    site = site_with_robots(robots)
    crawl = Crawl(site)
    [feed_failure] = crawl.index(FEED)
    found = crawl.articles(OPEN, PRIVATE)
    assert failure_of(feed_failure) == ("robots", "RobotsUnreachable")  # stays a robots failure for an index
    assert {url: failure_of(o) for url, o in found.items()} == dict.fromkeys(
        [OPEN, PRIVATE], ("robots", "RobotsUnreachable")
    )
    assert all(isinstance(o, FetchFailure) and why in o.detail for o in [feed_failure, *found.values()])
    assert {request.url for _, request in site.log} == {ROBOTS}  # not even the feed was fetched
    assert site.requested(ROBOTS) == 3  # robots.txt itself gets the crawl's retries


@pytest.mark.parametrize("status", [401, 403, 404, 410])
def test_a_robots_txt_answering_4xx_allows_everything(status: int) -> None:
    site = site_with_robots(
        Reply(status, b"<html>User-agent: *\nDisallow: /</html>")
    )  # an error page is no rules
    found = Crawl(site).articles(OPEN, PRIVATE)
    assert all(isinstance(o, RawPage) for o in found.values())


def test_robots_txt_is_read_once_per_host_for_the_whole_crawl() -> None:
    site = site_with_robots(
        Reply(200, b"User-agent: *\nDisallow: /news/private-\n", {"Content-Type": "text/plain"})
    )
    crawl = Crawl(site)
    crawl.articles(OPEN, PRIVATE)
    crawl.articles(OPEN)
    assert site.requested(ROBOTS) == 1
