"""Feed shapes from the wild: Atom rel variants, xml:base, guid permalinks, CDATA, CDF, RDF, dates."""

from datetime import UTC, datetime

from newsingest.crawl.feeds import parse_feed
from newsingest.crawl.sitemaps import parse_sitemap

ATOM = 'xmlns="http://www.w3.org/2005/Atom"'


def _urls(body: str, base: str = "https://n.example/feed") -> list[str]:
    return [e.url for e in parse_feed(body.encode(), base)]


def test_atom_prefers_the_html_alternate_over_enclosures_and_other_relations() -> None:
    body = f"""<feed {ATOM}>
    <entry><link rel="enclosure" href="https://cdn.example/a.mp3"/><link rel="related" href="https://x.example/"/>
      <link rel="alternate" type="application/pdf" href="https://n.example/a.pdf"/>
      <link rel=" Alternate " type="text/html" href="https://n.example/a"/></entry>
    <entry><link rel="http://www.iana.org/assignments/relation/alternate" href="https://n.example/b"/></entry>
    <entry><link rel="self" href="https://n.example/api/c"/><link rel="enclosure" href="https://cdn.example/c.mp3"/></entry>
    <entry><link href="https://n.example/d"/></entry>
    </feed>"""
    assert _urls(body) == ["https://n.example/a", "https://n.example/b", "https://n.example/d"]


def test_atom_03_link_in_element_text() -> None:
    body = """<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry>
      <link rel="enclosure" type="text/html">http://n.example/enclosure</link>
      <link rel="alternate" type="text/html">http://n.example/alternate</link></entry></feed>"""
    assert _urls(body) == ["http://n.example/alternate"]


def test_xml_base_chains_resolve_relative_links() -> None:
    body = f"""<feed {ATOM} xml:base="https://other.example/feeds/">
      <entry xml:base="/news/"><link href="2022/a"/></entry>
      <entry><link xml:base="https://third.example/x/" href="b"/></entry>
      <entry xml:base="http://[broken/"><link href="c"/></entry></feed>"""
    assert _urls(body) == [
        "https://other.example/news/2022/a",
        "https://third.example/x/b",
        "https://other.example/feeds/c",  # a malformed xml:base is ignored
    ]


def test_rss_guid_is_a_link_only_when_it_is_a_permalink() -> None:
    body = """<rss><channel>
      <item><link>https://n.example/link</link><guid>https://n.example/guid</guid></item>
      <item><guid isPermaLink="true">https://n.example/1</guid></item>
      <item><guid>https://n.example/2</guid></item>
      <item><guid isPermaLink=" False ">https://n.example/3</guid></item>
      <item><guid>tag:n.example,2022:4</guid></item>
      <item><guid>12345</guid><enclosure url="https://cdn.example/5.mp3" type="audio/mpeg"/></item>
    </channel></rss>"""
    assert _urls(body) == ["https://n.example/link", "https://n.example/1", "https://n.example/2"]


def test_cdata_comments_cdf_rdf_and_atom_links_in_rss() -> None:
    body = """<rss xmlns:atom="http://www.w3.org/2005/Atom"><channel>
      <item><link><![CDATA[ https://n.example/a?x=1&y=2 ]]></link></item>
      <item><link>https://n.example/<!-- split -->b</link></item>
      <item><atom:link rel="self" href="https://n.example/feed"/><atom:link href="https://n.example/c"/></item>
      <item><image><link>https://n.example/logo</link></image><link>https://n.example/d</link></item>
    </channel></rss>"""
    assert _urls(body) == [
        "https://n.example/a?x=1&y=2",
        "https://n.example/b",
        "https://n.example/c",
        "https://n.example/d",
    ]
    assert _urls('<CHANNEL><ITEM HREF="http://n.example/cdf"></ITEM></CHANNEL>') == ["http://n.example/cdf"]
    rdf = """<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
      <item rdf:about="http://n.example/about"/></rdf:RDF>"""
    assert _urls(rdf) == ["http://n.example/about"]


def test_dates_prefer_publication_and_impossible_dates_are_none() -> None:
    body = f"""<feed {ATOM}><entry><link href="/a"/><updated>2022-03-01T00:00:00Z</updated>
      <published>2022-02-01T08:00:00Z</published></entry>
      <entry><link href="/b"/><published>0001-01-01T00:00:00+05:00</published></entry></feed>"""
    entries = parse_feed(body.encode(), "https://n.example/")
    assert entries[0].published_at == datetime(2022, 2, 1, 8, tzinfo=UTC)
    assert entries[1].published_at is None
    rss = b"<rss><channel><item><link>/c</link><pubDate>Mon, 99 Foo 99999 99:99:99 +9999</pubDate></item></channel></rss>"
    assert parse_feed(rss, "https://n.example/")[0].published_at is None
    sitemap = b"<urlset><url><loc>/d</loc><lastmod>9999-12-31T23:59:59-14:00</lastmod></url></urlset>"
    assert parse_sitemap(sitemap, "https://n.example/").entries[0].published_at is None
