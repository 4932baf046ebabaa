"""One bad link costs only itself, and an index keeps its old validators until it was handed on in full."""

import scrapy
from scrapy import signals
from scrapy.http import XmlResponse
from sqlalchemy import Engine
from twisted.python.failure import Failure as TwistedFailure

from newsingest.crawl.entries import Entry
from newsingest.crawl.items import FetchFailure
from tests.crawl.spider_kit import (
    FEED,
    SOURCE,
    drain,
    index_response,
    make_spider,
    rss,
    saved_validators,
)

GOOD = [f"https://n.example/news/story-{i}.html" for i in range(3)]
BAD_PORT = "https://n.example:99999/news/bad-port.html"


def requested(output: list[object]) -> list[str]:
    return [o.url for o in output if isinstance(o, scrapy.Request)]


def failed(output: list[object]) -> dict[str, tuple[str, str]]:
    return {o.url: (o.stage, o.error_class) for o in output if isinstance(o, FetchFailure)}


def test_feed_with_a_bad_port_requests_the_good_links_and_fails_the_bad_one(engine: Engine) -> None:
    spider = make_spider()
    response = index_response(spider, FEED, rss([GOOD[0], BAD_PORT, GOOD[1], GOOD[2]]), spider.parse_feed)
    output = drain(spider.parse_feed(response))
    assert requested(output) == GOOD
    assert failed(output) == {BAD_PORT: ("discover", "BadURL")}
    [failure] = [o for o in output if isinstance(o, FetchFailure)]
    assert FEED in failure.detail and "99999" in failure.detail
    spider.closed("finished")
    assert saved_validators(engine) == {FEED: '"v1"'}  # every entry was handed on: a failure is one way


def test_unparseable_links_from_any_index_cost_only_themselves(engine: Engine) -> None:
    # Parsers hand on a link they cannot resolve as it was written; the spider must survive each.
    bad = ["http://[::1/news/x.html", "http://n.example:port/news/y.html", BAD_PORT]
    spider = make_spider()
    response = index_response(spider, FEED, rss([]), spider.parse_feed)
    entries = [Entry(GOOD[0]), *(Entry(url) for url in bad), Entry(GOOD[1])]
    output = drain(spider._handle_entries(entries, response))
    assert requested(output) == GOOD[:2]
    assert failed(output) == {url: ("discover", "BadURL") for url in bad}
    retries = drain(spider._article_requests([Entry(bad[0]), Entry(GOOD[2])], "retry"))
    assert requested(retries) == [GOOD[2]] and set(failed(retries)) == {bad[0]}


def test_entries_over_budget_keep_the_feed_validators_unsaved(engine: Engine) -> None:
    spider = make_spider(SOURCE.model_copy(update={"max_pages": 2}))
    response = index_response(spider, FEED, rss(GOOD), spider.parse_feed)
    assert requested(drain(spider.parse_feed(response))) == GOOD[:2]
    spider.closed("finished")
    assert saved_validators(engine) == {}  # the next run reads the feed again and finds GOOD[2]


def test_a_failing_nested_sitemap_keeps_its_index_unsaved(engine: Engine) -> None:
    index_url = "https://n.example/sitemap.xml"
    nested_url = "https://n.example/sitemap-news.xml"
    source = SOURCE.model_copy(update={"feeds": [], "sitemaps": [index_url]})
    spider = make_spider(source)
    index = (
        "<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        f"<sitemap><loc>{nested_url}</loc></sitemap></sitemapindex>"
    ).encode()
    response = index_response(spider, index_url, index, spider.parse_sitemap, depth=0)
    [nested_request] = drain(spider.parse_sitemap(response, depth=0))
    assert isinstance(nested_request, scrapy.Request) and nested_request.url == nested_url
    # The nested sitemap's callback raises part-way: Scrapy reports it with spider_error.
    nested = XmlResponse(nested_url, body=b"<urlset/>", headers={"ETag": '"n1"'}, request=nested_request)
    failure = TwistedFailure(RuntimeError("boom"))  # type: ignore[no-untyped-call]
    spider.crawler.signals.send_catch_log(
        signal=signals.spider_error, failure=failure, response=nested, spider=spider
    )
    spider.closed("finished")
    assert saved_validators(engine) == {}  # next run reads the index again and asks for the nested one


def test_article_pattern_written_with_www_admits_the_canonical_links(engine: Engine) -> None:
    # Canonical URLs drop www.: a pattern written with it (as the bundled kurdistan24's is) must still match.
    source = SOURCE.model_copy(update={"article_pattern": r"^https://www\.n\.example/news/"})
    spider = make_spider(source)
    links = ["https://www.n.example/news/a.html", "https://n.example/news/b.html", "https://n.example/tag/x"]
    response = index_response(spider, FEED, rss(links), spider.parse_feed)
    assert requested(drain(spider.parse_feed(response))) == links[:2]
