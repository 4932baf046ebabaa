"""A source's proxy carries every request of its crawl: articles, robots.txt and redirects."""

from base64 import b64encode

from scrapy import Request
from scrapy.utils.test import get_crawler

from newsingest.crawl.middlewares.proxy import SourceProxyMiddleware
from tests.crawl.middlewares.chain import SITE, SOURCE, Crawl, Reply, Site

PROXY = "http://proxy.example:3128"
STORY = f"{SITE}/news/story.html"
MOVED = f"{SITE}/news/moved.html"


def test_every_request_of_a_proxied_source_goes_through_its_proxy() -> None:
    site = Site({STORY: Reply(301, b"", {"Location": MOVED}), MOVED: Reply(200)})
    Crawl(site, SOURCE.model_copy(update={"proxy": PROXY})).article(STORY)
    seen = [request.url for _, request in site.log]
    assert seen == [f"{SITE}/robots.txt", STORY, MOVED]
    assert [request.meta["proxy"] for _, request in site.log] == [PROXY] * 3


def test_credentials_in_the_proxy_url_become_its_authorization_header() -> None:
    site = Site({STORY: Reply(200)})
    Crawl(site, SOURCE.model_copy(update={"proxy": "http://user:secret@proxy.example:3128"})).article(STORY)
    [(_, robots), (_, article)] = site.log
    expected = b"Basic " + b64encode(b"user:secret")
    assert (
        robots.headers.get(b"Proxy-Authorization") == article.headers.get(b"Proxy-Authorization") == expected
    )
    assert article.meta["proxy"] == PROXY  # the password is not left in the request's proxy address


def test_without_a_proxy_requests_connect_directly() -> None:
    site = Site({STORY: Reply(200)})
    Crawl(site).article(STORY)
    assert all("proxy" not in request.meta for _, request in site.log)


def test_a_request_naming_its_own_proxy_keeps_it() -> None:
    middleware = SourceProxyMiddleware.from_crawler(get_crawler(settings_dict={"NEWSINGEST_PROXY": PROXY}))
    request = Request(STORY, meta={"proxy": "http://other.example:8080"})
    middleware.process_request(request)
    assert request.meta["proxy"] == "http://other.example:8080"
