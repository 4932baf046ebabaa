"""Crawler traps: URLs shaped like loops, endless depth or session ids are never fetched, only counted."""

import uuid

import pytest

from newsingest.crawl.entries import Entry
from newsingest.crawl.traps import MAX_PATH_SEGMENTS, MAX_URL_LENGTH, trap_reason
from tests.crawl.spider_kit import SOURCE, make_spider

SITE = "https://n.example"


@pytest.mark.parametrize(
    ("url", "why"),
    [
        (f"{SITE}/news/a/b/a/b/a/b/x.html", "path segment 'a' repeats 3 times"),
        (f"{SITE}/news/x/news/x/news/x/y.html", "path segment 'news' repeats 3 times"),
        (SITE + "".join(f"/s{i}" for i in range(MAX_PATH_SEGMENTS + 1)), "deeper than"),
        (f"{SITE}/news/{'a' * MAX_URL_LENGTH}.html", "longer than"),
    ],
    ids=["relative-loop", "nested-section", "deep", "long"],
)
def test_trap_shaped_urls_are_named_with_the_reason(url: str, why: str) -> None:
    reason = trap_reason(url)
    assert reason is not None and why in reason


@pytest.mark.parametrize(
    "url",
    [
        f"{SITE}/news/2024/03/01/council-votes-on-library.html",
        f"{SITE}/world/europe/2024/03/01/story-123?page=2",
        f"{SITE}/news/a/b/a/b.html",  # twice is a coincidence of names, not a loop
    ],
)
def test_news_urls_are_no_traps(url: str) -> None:
    assert trap_reason(url) is None


def test_the_spider_drops_trap_urls_and_asks_for_a_session_id_article_once() -> None:
    spider = make_spider(SOURCE)
    fresh: dict[str, Entry] = {}
    loops = [f"{SITE}/news/a/b/a/b/a/b/x.html", f"{SITE}/news/x/news/x/news/x/y.html"]
    assert [spider._admit(Entry(url), fresh) for url in loops] == [None, None]
    assert spider.crawler.stats.get_value("newsingest/trap_urls") == len(loops)
    sessions = [f"{SITE}/news/story.html?PHPSESSID={uuid.uuid4().hex}" for _ in range(5)]
    key = spider._admit(Entry(sessions[0]), fresh)
    assert key == f"{SITE}/news/story.html"  # the session id is not part of the article's address
    fresh[key] = Entry(sessions[0])
    assert all(spider._admit(Entry(url), fresh) is None for url in sessions[1:])
