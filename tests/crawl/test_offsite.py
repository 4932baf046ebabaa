"""Off-site links in feeds and listings (share buttons) are dropped during discovery: counted, never failures."""

from xml.sax.saxutils import escape

import scrapy
from scrapy.http import HtmlResponse
from sqlalchemy import Engine

from newsingest.crawl.entries import Entry
from newsingest.crawl.items import FetchFailure
from newsingest.sources import Listing, Source
from tests.crawl.spider_kit import FEED, SOURCE, drain, index_response, make_spider, rss

STORY = "https://n.example/news/story.html"
SHARES = [
    "https://twitter.com/intent/tweet?url=https://n.example/news/story.html&text=Story",
    "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fn.example%2Fnews%2Fstory.html",
    "https://news.ycombinator.com/submitlink?u=https://n.example/news/story.html",
    "mailto:?subject=news&body=https://n.example/news/story.html",
]


def requested(output: list[object]) -> list[str]:
    return [o.url for o in output if isinstance(o, scrapy.Request)]


def stat(spider: scrapy.Spider, key: str) -> int:
    return int(spider.crawler.stats.get_value(f"newsingest/{key}", 0))


def test_share_links_in_a_feed_are_counted_not_requested_nor_failed(engine: Engine) -> None:
    # No article_pattern: before, every link of the feed was an article, share buttons included.
    spider = make_spider(SOURCE.model_copy(update={"article_pattern": None}))
    body = rss([escape(u) for u in [STORY, *SHARES]])
    output = drain(spider.parse_feed(index_response(spider, FEED, body, spider.parse_feed)))
    assert requested(output) == [STORY]
    assert not [o for o in output if isinstance(o, FetchFailure)]
    assert stat(spider, "offsite_links") == len(SHARES)
    assert stat(spider, "discovered") == 1 and stat(spider, "indexes_read") == 1


def test_share_buttons_of_a_listing_are_dropped(engine: Engine) -> None:
    listing = "https://n.example/section/"
    source = SOURCE.model_copy(
        update={"feeds": [], "listings": [Listing(url=listing, article_pattern=r"story\.html")]}
    )
    spider = make_spider(source)
    links = "".join(f"<a href='{escape(u)}'>x</a>" for u in [STORY, *SHARES])
    request = spider._entry_request(listing, spider.parse_listing, pattern=r"story\.html", page=1)
    assert isinstance(request, scrapy.Request)
    response = HtmlResponse(listing, body=f"<html><body>{links}</body></html>".encode(), request=request)
    output = drain(spider.parse_listing(response, pattern=r"story\.html", page=1))
    assert requested(output) == [STORY]
    assert stat(spider, "offsite_links") == len(SHARES)  # each matched the pattern; none is on the site


def test_the_sources_hosts_and_their_subdomains_are_on_site() -> None:
    source = Source(
        slug="idn",
        name="IDN",
        domain="bücher.example",
        allowed_hosts=["cdn.partner.example"],
        feeds=["https://feeds.other.example/bücher.xml"],
    )
    spider = make_spider(source)
    on_site = [
        "https://bücher.example/a.html",
        "https://www.bücher.example/b.html",
        "https://xn--bcher-kva.example/c.html",
        "https://m.bücher.example/d.html",
        "https://cdn.partner.example/e.html",
        "https://feeds.other.example/f.html",  # an entry point's host
    ]
    off_site = ["https://other.example/g.html", "https://bücher.example.evil.example/h.html"]
    admitted = [spider._admit(Entry(url), {}) for url in [*on_site, *off_site]]
    assert [key is not None for key in admitted] == [True] * len(on_site) + [False] * len(off_site)
    assert stat(spider, "offsite_links") == len(off_site)
