"""Feed, sitemap and listing parsers: links and dates out, entities never expanded."""

from datetime import UTC, datetime

from newsingest.crawl.feeds import parse_feed
from newsingest.crawl.listings import parse_listing
from newsingest.crawl.sitemaps import parse_sitemap

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>A</title><link>https://n.example/2022/01/a.html?utm_source=rss</link>
<pubDate>Mon, 03 Jan 2022 10:15:00 -0500</pubDate></item>
<item><title>B</title><guid isPermaLink="true">https://n.example/2022/01/b.html</guid></item>
<item><title>C</title><guid isPermaLink="false">id-123</guid></item>
</channel></rss>"""

ATOM = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>A</title>
<link rel="alternate" href="/2022/02/a"/><published>2022-02-01T08:00:00Z</published></entry></feed>"""

NEWS_SITEMAP = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://n.example/x</loc>
<lastmod>2022-01-05T00:00:00+00:00</lastmod><news:news><news:publication_date>2022-01-03T09:00:00+03:00
</news:publication_date></news:news></url></urlset>"""

INDEX = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://n.example/sitemap-2022.xml</loc></sitemap></sitemapindex>"""

XXE = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">
<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<rss><channel><item><link>https://n.example/&x;&b;</link></item></channel></rss>"""


def test_rss_links_dates_and_guids() -> None:
    entries = parse_feed(RSS, "https://n.example/feed")
    assert [e.url for e in entries] == [
        "https://n.example/2022/01/a.html?utm_source=rss",
        "https://n.example/2022/01/b.html",
    ]
    assert entries[0].published_at == datetime(2022, 1, 3, 15, 15, tzinfo=UTC)


def test_atom_relative_links_resolve() -> None:
    entries = parse_feed(ATOM, "https://n.example/feed.atom")
    assert entries[0].url == "https://n.example/2022/02/a"
    assert entries[0].published_at == datetime(2022, 2, 1, 8, tzinfo=UTC)


def test_news_sitemap_prefers_publication_date_and_index_lists_sitemaps() -> None:
    document = parse_sitemap(NEWS_SITEMAP, "https://n.example/sitemap.xml")
    assert document.entries[0].published_at == datetime(2022, 1, 3, 6, tzinfo=UTC)
    index = parse_sitemap(INDEX, "https://n.example/sitemap.xml")
    assert [s.url for s in index.sitemaps] == ["https://n.example/sitemap-2022.xml"] and not index.entries


def test_entities_are_never_expanded() -> None:
    entries = parse_feed(XXE, "https://n.example/feed")
    assert all("root:" not in e.url and "aaaaaaaaaa" not in e.url for e in entries)


def test_garbage_is_an_empty_result() -> None:
    assert parse_feed(b"\x00\xff not xml", "https://n.example/") == []
    assert parse_sitemap(b"<html><body>Not found</body></html>", "https://n.example/").entries == []


def test_listing_keeps_matching_links_in_order_once() -> None:
    html = b"""<html><body><a href="/2022/01/a.html">A</a><a href="/about">About</a>
    <a href="https://n.example/2022/01/b.html#comments">B</a><a href="/2022/01/a.html">A again</a></body></html>"""
    entries = parse_listing(html, "https://n.example/latest", r"/\d{4}/\d{2}/")
    assert [e.url for e in entries] == [
        "https://n.example/2022/01/a.html",
        "https://n.example/2022/01/b.html",
    ]
