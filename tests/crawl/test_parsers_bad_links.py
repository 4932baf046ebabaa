"""One malformed link never costs the rest: every parser returns the other entries and the bad one as written."""

import pytest

from newsingest.crawl.entries import Entry
from newsingest.crawl.feeds import parse_feed
from newsingest.crawl.listings import parse_listing
from newsingest.crawl.pagination import next_page
from newsingest.crawl.sitemaps import parse_sitemap
from newsingest.crawl.traps import trap_reason
from newsingest.dedup import BadURL, canonical_url

BASE = "https://n.example/feed"
GOOD = ["https://n.example/2022/01/a.html", "https://n.example/2022/01/b.html"]
UNRESOLVABLE = "http://[::1/2022/01/x.html"
BAD_PORT = "http://n.example:99999/2022/01/y.html"


def _urls(entries: list[Entry]) -> list[str]:
    return [e.url for e in entries]


def _check(urls: list[str]) -> None:
    assert urls == [GOOD[0], UNRESOLVABLE, BAD_PORT, GOOD[1]]
    for url in GOOD:
        canonical_url(url)
    for url in (UNRESOLVABLE, BAD_PORT):  # the spider records these as failures naming the link
        with pytest.raises(BadURL):
            canonical_url(url)


def test_rss_with_bad_links_keeps_the_others() -> None:
    items = "".join(
        f"<item><link> {link} </link></item>" for link in (GOOD[0], UNRESOLVABLE, BAD_PORT, GOOD[1])
    )
    _check(_urls(parse_feed(f"<rss><channel>{items}</channel></rss>".encode(), BASE)))


def test_atom_with_bad_links_and_a_bad_xml_base_keeps_the_others() -> None:
    entries = "".join(
        f'<entry><link rel="alternate" href="{link}"/></entry>'
        for link in (GOOD[0], UNRESOLVABLE, BAD_PORT, GOOD[1])
    )
    body = f'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://[oops/">{entries}</feed>'
    _check(_urls(parse_feed(body.encode(), BASE)))


def test_sitemap_and_index_with_bad_links_keep_the_others() -> None:
    urls = "".join(f"<url><loc>{link}</loc></url>" for link in (GOOD[0], UNRESOLVABLE, BAD_PORT, GOOD[1]))
    document = parse_sitemap(f"<urlset>{urls}</urlset>".encode(), "https://n.example/sitemap.xml")
    _check(_urls(document.entries))
    nested = "".join(f"<sitemap><loc>{link}</loc></sitemap>" for link in (UNRESOLVABLE, GOOD[0]))
    index = parse_sitemap(f"<sitemapindex>{nested}</sitemapindex>".encode(), "https://n.example/s.xml")
    assert _urls(index.sitemaps) == [UNRESOLVABLE, GOOD[0]]


def test_listing_with_bad_links_keeps_the_others() -> None:
    anchors = "".join(
        f'<a href=" {link} ">x</a>'
        for link in (GOOD[0], UNRESOLVABLE, BAD_PORT, "http://[::1/about", GOOD[1])
    )
    entries = parse_listing(f"<html><body>{anchors}</body></html>".encode(), BASE, r"/\d{4}/\d{2}/")
    _check(_urls(entries))


def test_next_page_skips_a_bad_next_link_and_traps_never_raise() -> None:
    html = b'<html><head><link rel="next" href="http://[::1/page/2"></head><body><a href="/page/2">Next</a></body></html>'
    assert next_page(html, "https://n.example/latest") == "https://n.example/page/2"
    assert next_page(b'<html><body><a rel="next" href="http://[x">more</a></body></html>', BASE) is None
    assert trap_reason(UNRESOLVABLE) is not None
