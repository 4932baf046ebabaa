"""Listing pages: archive days and /latest/ paginate with next links that reach every article."""

import re
from datetime import UTC, date

from lxml import html
from tests.sitegen.client import fetch

from newsingest.crawl.listings import parse_listing
from sitegen import ARTICLE_PATTERN, SiteSpec, SyntheticSite


def _walk(site: SyntheticSite, path: str) -> tuple[list[str], int]:
    """Follow rel=next links from path; return the article URLs seen and the number of pages."""
    urls: list[str] = []
    pages = 0
    url: str | None = site.url(path)
    while url:
        page = fetch(url)
        assert page.status == 200
        pages += 1
        urls.extend(e.url for e in parse_listing(page.body, url, ARTICLE_PATTERN))
        nexts = html.document_fromstring(page.body).xpath('//a[@rel="next"]/@href')
        url = site.url(nexts[0]) if nexts else None
    return urls, pages


def test_archive_day_pagination_reaches_every_article_of_the_day() -> None:
    # 300 articles over five days: 60 a day, three pages of 20.
    with SyntheticSite(SiteSpec(300, seed=4, start=date(2022, 3, 1), end=date(2022, 3, 5))) as site:
        day = date(2022, 3, 3)
        expected = [
            site.article_url(i) for i in range(300) if site.entry(i).published.astimezone(UTC).date() == day
        ]
        urls, pages = _walk(site, "/archive/2022/03/03/")
        assert urls == expected
        assert pages == 3
        assert fetch(site.url("/archive/2022/03/03/?page=4")).status == 404
        assert fetch(site.url("/archive/2019/03/03/")).status == 404


def test_latest_pages_run_newest_first_through_every_article(site: SyntheticSite) -> None:
    urls, pages = _walk(site, "/latest/?page=1")
    assert urls == [site.article_url(i) for i in range(299, -1, -1)]
    assert pages == 15
    first = fetch(site.url("/latest/?page=1")).body.decode()
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT', first)


def test_home_and_section_fronts_link_articles(site: SyntheticSite) -> None:
    home = parse_listing(fetch(site.url("/")).body, site.base_url, ARTICLE_PATTERN)
    assert home[0].url == site.article_url(299)
    world = parse_listing(fetch(site.url("/world/")).body, site.base_url, ARTICLE_PATTERN)
    assert world and all("/world/" in e.url for e in world)
