"""The SSRF guard: nothing leaves the crawler for a private address or another scheme, redirects included."""

import pytest

from newsingest.crawl.entries import Entry
from newsingest.crawl.items import FetchFailure, RawPage
from newsingest.sources import Source
from tests.crawl.middlewares.chain import Crawl, Reply, Site, failure_of

LOOPBACK = "http://127.0.0.1:8080"
HOSTILE = [
    "http://169.254.169.254/news/latest/meta-data/",
    "http://10.0.0.5/news/intranet.html",
    "http://192.168.1.1/news/router.html",
    "http://100.64.1.1/news/cgnat.html",  # shared address space: not global
    "http://[::ffff:127.0.0.1]:8080/news/secret.html",  # the opted-in loopback, spelled another way
    "http://localhost:8080/news/secret.html",
    "http://[::1]:8080/news/secret.html",
    "http://0.0.0.0:8080/news/secret.html",
]
# The hostile hosts are declared the source's own, so that what stops them is the guard (an off-site link
# is dropped before any request); the source opts in to its loopback address only.
SOURCE = Source(
    slug="loopback",
    name="Loopback",
    domain="127.0.0.1",
    base_url=LOOPBACK,
    feeds=["/feed.xml"],
    allowed_hosts=["169.254.169.254", "10.0.0.5", "192.168.1.1", "100.64.1.1", "localhost"],
    allow_private_hosts=["127.0.0.1"],
)
FINE = f"{LOOPBACK}/news/fine.html"


@pytest.mark.parametrize("url", HOSTILE)
def test_a_private_or_special_address_is_refused_before_connecting(url: str) -> None:
    site = Site({url: Reply(200)})
    crawl = Crawl(site, SOURCE)
    failure = crawl.article(url)
    assert failure_of(failure) == ("refused", "BlockedAddress")
    assert isinstance(failure, FetchFailure) and "refused before connecting" in failure.detail
    assert site.requested(url) == 0
    assert crawl.stat("newsingest/ssrf_refused") >= 1


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/news/file.html", "gopher://127.0.0.1/1"])
def test_a_url_of_another_scheme_is_refused(url: str) -> None:
    site = Site()
    assert failure_of(Crawl(site, SOURCE).article(url)) == ("refused", "BlockedScheme")
    assert site.log == []


def test_the_opted_in_host_is_fetched() -> None:
    site = Site({FINE: Reply(200)})
    assert isinstance(Crawl(site, SOURCE).article(FINE), RawPage)


@pytest.mark.parametrize(
    "target", ["http://169.254.169.254/latest/meta-data/", "http://localhost:8080/news/secret.html"]
)
def test_a_redirect_to_a_private_address_is_refused_under_the_url_asked_for(target: str) -> None:
    redirect = f"{LOOPBACK}/news/r.html"
    site = Site({redirect: Reply(302, b"", {"Location": target}), target: Reply(200)})
    failure = Crawl(site, SOURCE).article(redirect)
    assert failure_of(failure) == ("refused", "BlockedAddress")
    assert isinstance(failure, FetchFailure) and failure.url == redirect
    assert site.requested(target) == 0


def test_a_source_on_a_private_address_that_does_not_opt_in_is_refused_from_its_feed_on() -> None:
    closed = SOURCE.model_copy(update={"slug": "no-opt-in", "allow_private_hosts": []})
    site = Site({f"{LOOPBACK}/feed.xml": Reply(200, b"<rss/>")})
    [failure] = Crawl(site, closed).index(f"{LOOPBACK}/feed.xml")
    assert failure_of(failure) == ("refused", "BlockedAddress")  # an index's refusal stays a refusal
    assert site.log == []


@pytest.mark.parametrize("link", ["file:///etc/passwd", "data:text/html,<p>news</p>"])
def test_links_without_a_host_are_dropped_in_discovery_not_requested_nor_failed(link: str) -> None:
    crawl = Crawl(Site(), SOURCE)
    assert crawl.spider._admit(Entry(link), {}) is None
    assert crawl.stat("newsingest/offsite_links") == 1
