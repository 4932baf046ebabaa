"""robots.txt, the RSS feed and the sitemaps, read with the crawler's own parsers."""

import gzip
import re
from datetime import timedelta

from tests.sitegen.client import fetch

from newsingest.crawl.feeds import parse_feed
from newsingest.crawl.sitemaps import parse_sitemap
from sitegen import ARTICLE_PATTERN, SiteSpec, SyntheticSite

PATTERN = re.compile(ARTICLE_PATTERN)


def _month_sitemaps(site: SyntheticSite) -> list[str]:
    index = fetch(site.url("/sitemap_index.xml"))
    assert index.status == 200
    return [entry.url for entry in parse_sitemap(index.body, site.base_url).sitemaps]


def test_robots_allows_all_but_search_and_names_both_sitemaps(site: SyntheticSite) -> None:
    body = fetch(site.url("/robots.txt")).body.decode()
    assert "Disallow: /search" in body
    assert f"Sitemap: {site.base_url}/sitemap_index.xml" in body
    assert f"Sitemap: {site.base_url}/news-sitemap.xml" in body


def test_monthly_sitemaps_list_every_article_once(site: SyntheticSite) -> None:
    months = _month_sitemaps(site)
    assert len(months) == 36
    assert months[0].endswith("/sitemaps/2020-01.xml") and months[-1].endswith("/sitemaps/2022-12.xml")
    urls: list[str] = []
    for month in months:
        document = parse_sitemap(fetch(month).body, month)
        assert all(entry.published_at is not None for entry in document.entries)
        urls.extend(entry.url for entry in document.entries)
    assert len(urls) == len(set(urls)) == 300
    assert all(PATTERN.search(url) for url in urls)
    assert set(urls) == {site.article_url(i) for i in range(300)}


def test_gzipped_sitemaps_decompress_to_the_same_xml() -> None:
    with SyntheticSite(SiteSpec(120, seed=2, gzip_sitemaps=True)) as site:
        months = _month_sitemaps(site)
        assert all(url.endswith(".xml.gz") for url in months)
        packed = fetch(months[5])
        assert packed.body[:2] == b"\x1f\x8b"
        assert gzip.decompress(packed.body) == fetch(months[5].removesuffix(".gz")).body


def test_news_sitemap_covers_only_the_last_48_hours(site: SyntheticSite) -> None:
    site.add_articles(60)  # one an hour: the window now holds the newest ~48
    document = parse_sitemap(fetch(site.url("/news-sitemap.xml")).body, site.base_url)
    listed = {entry.url for entry in document.entries}
    view = site.view()
    window = {
        site.base_url + view.entry(i).path
        for i in range(view.total)
        if site.now - timedelta(hours=48) < view.entry(i).published <= site.now
    }
    assert listed == window
    assert 40 <= len(listed) <= 50
    dates = [entry.published_at for entry in document.entries if entry.published_at is not None]
    assert len(dates) == len(listed) and all(site.now - d <= timedelta(hours=48) for d in dates)


def test_feed_lists_the_50_newest(site: SyntheticSite) -> None:
    entries = parse_feed(fetch(site.url("/feed.xml")).body, site.base_url)
    assert [e.url for e in entries] == [site.article_url(i) for i in range(299, 249, -1)]
    assert all(e.published_at is not None for e in entries)
