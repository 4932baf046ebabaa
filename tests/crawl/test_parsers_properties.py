"""Feed, sitemap and listing parsers on any bytes and XML-ish documents: entries or nothing, never an exception."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsingest.crawl.feeds import parse_feed
from newsingest.crawl.listings import parse_listing
from newsingest.crawl.pagination import next_page
from newsingest.crawl.sitemaps import parse_sitemap

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BASES = st.sampled_from(["https://n.example/feed", "http://[::1]:8080/a/", "https://n.example:8443/x?y#z"])

LINKS = st.sampled_from(
    [
        "https://n.example/2022/01/a.html",
        "/2022/01/b",
        "c?utm_source=x",
        "http://[::1/x",
        "http://n.example:99999/y",
        "https://exa mple.com/",
        "javascript:alert(1)",
        "//cdn.example/z",
        "http://Bücher.de/ü",
        "",
        " ",
        "&amp;",
        "&bogus;",
        "<![CDATA[https://n.example/cdata]]>",
        "http://example.c[o.test/",
    ]
)
DATES = st.one_of(
    st.sampled_from(
        [
            "Mon, 03 Jan 2022 10:15:00 -0500",
            "Mon, 99 Foo 99999 99:99:99 +9999",
            "Sat, 29 Feb 2020 00:00:00 GMT",
            "0001-01-01T00:00:00+05:00",
            "9999-12-31T23:59:59-14:00",
            "2022-01-03",
            "2022-01-03 10:15:00+00:00",
            "-0000",
            "Z",
        ]
    ),
    st.text(max_size=40),
    st.datetimes().map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.strftime("%a, %d %b %Y %H:%M:%S +0000")),
)
NAMES = st.sampled_from(
    ["item", "entry", "link", "guid", "loc", "url", "lastmod", "pubDate", "published", "updated", "ITEM"]
)
ATTRIBUTES = st.sampled_from(
    [
        "",
        ' rel="alternate"',
        ' rel="enclosure"',
        ' isPermaLink="false"',
        ' isPermaLink="true"',
        ' xml:base="http://[bad/"',
        ' xml:base="../x/"',
        ' HREF="http://[::1/h"',
    ]
)


@st.composite
def xmlish(draw: st.DrawFn, depth: int = 0) -> str:
    """Return an XML-ish fragment of feed and sitemap elements, links, dates and junk."""
    name = draw(NAMES)
    attrs = draw(ATTRIBUTES)
    if draw(st.booleans()):
        attrs += f' href="{draw(LINKS)}"'
    children = draw(st.lists(st.one_of(LINKS, DATES), max_size=2)) if depth > 2 else []
    if depth <= 2:
        children = [draw(xmlish(depth + 1)) for _ in range(draw(st.integers(0, 3)))]
        children += draw(st.lists(st.one_of(LINKS, DATES), max_size=2))
    closing = draw(st.sampled_from([f"</{name}>", "", "</other>"]))
    return f"<{name}{attrs}>{''.join(children)}{closing}"


ROOTS = st.sampled_from(
    [
        "<rss><channel>{}</channel></rss>",
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="{{}}">{}</feed>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>',
        "<sitemapindex>{}</sitemapindex>",
        '<?xml version="1.0" encoding="iso-8859-1"?><rss>{}</rss>',
        '<!DOCTYPE r [<!ENTITY a "aaaa">]><rss>{}</rss>',
        "{}",
    ]
)
ENTRY_SHAPES = st.sampled_from(
    [
        "<item><link>{link}</link><pubDate>{date}</pubDate></item>",
        "<item><guid>{link}</guid><dc:date>{date}</dc:date></item>",
        '<entry><link rel="alternate" href="{link}"/><published>{date}</published></entry>',
        "<entry><link>{link}</link><updated>{date}</updated></entry>",
        "<url><loc>{link}</loc><lastmod>{date}</lastmod></url>",
        "<sitemap><loc>{link}</loc><lastmod>{date}</lastmod></sitemap>",
    ]
)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


# Documents shaped like real feeds and sitemaps, so that every link and date reaches the parsers.
SHAPED = st.builds(
    lambda root, entries: root.format("".join(entries)),
    st.sampled_from(
        [
            '<rss xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>{}</channel></rss>',
            '<feed xmlns="http://www.w3.org/2005/Atom">{}</feed>',
            "<urlset>{}</urlset>",
            "<sitemapindex>{}</sitemapindex>",
        ]
    ),
    st.lists(
        st.builds(
            lambda shape, link, date: shape.format(link=_escape(link), date=_escape(date)),
            ENTRY_SHAPES,
            LINKS,
            DATES,
        ),
        max_size=6,
    ),
)
DOCUMENTS = st.one_of(SHAPED, st.builds(lambda root, body: root.format(body), ROOTS, xmlish())).map(
    lambda text: text.encode("utf-8", "surrogatepass")
)


@SETTINGS
@given(st.one_of(st.binary(max_size=400), DOCUMENTS), BASES)
def test_feed_and_sitemap_parsers_never_raise(body: bytes, base: str) -> None:
    for entry in parse_feed(body, base):
        assert isinstance(entry.url, str) and entry.url == entry.url.strip()
    document = parse_sitemap(body, base)
    assert all(isinstance(e.url, str) for e in (*document.entries, *document.sitemaps))


@SETTINGS
@given(st.lists(st.tuples(LINKS, st.sampled_from(["a", "link"])), max_size=8), BASES)
def test_listing_and_next_page_never_raise(links: list[tuple[str, str]], base: str) -> None:
    html = "".join(f'<{tag} rel="next" href="{link}">Next</{tag}>' for link, tag in links)
    body = f"<html><body>{html}</body></html>".encode()
    parse_listing(body, base, r"\d{4}|/x")
    next_page(body, base)


@SETTINGS
@given(
    DATES, st.sampled_from(["pubDate", "dc:date", "published", "updated"]), st.sampled_from(["rss", "atom"])
)
def test_feed_dates_never_raise(date: str, tag: str, kind: str) -> None:
    escaped = date.replace("&", "&amp;").replace("<", "&lt;")
    if kind == "rss":
        body = f'<rss xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><item><link>/a</link><{tag}>{escaped}</{tag}></item></channel></rss>'
    else:
        body = f'<feed xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"><entry><link href="/a"/><{tag}>{escaped}</{tag}></entry></feed>'
    entries = parse_feed(body.encode("utf-8", "surrogatepass"), "https://n.example/")
    assert len(entries) <= 1
    if entries and entries[0].published_at is not None:
        assert entries[0].published_at.tzinfo is not None
    sitemap = f"<urlset><url><loc>/b</loc><lastmod>{escaped}</lastmod></url></urlset>".encode(
        "utf-8", "surrogatepass"
    )
    parse_sitemap(sitemap, "https://n.example/")
