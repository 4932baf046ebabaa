"""Serving: conditional GET, 404s, the request log, page sizes and languages, edits and additions."""

import re
from datetime import timedelta
from email.utils import format_datetime

from lxml import html
from tests.sitegen.client import fetch

from newsingest.crawl.sitemaps import parse_sitemap
from sitegen import SyntheticSite

VALIDATED = [
    "/",
    "/feed.xml",
    "/sitemap_index.xml",
    "/news-sitemap.xml",
    "/sitemaps/2021-06.xml",
    "/latest/?page=2",
]


def test_every_200_has_validators_and_answers_304(site: SyntheticSite) -> None:
    for path in [*VALIDATED, site.entry(42).path]:
        first = fetch(site.url(path))
        assert first.status == 200, path
        etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
        assert etag.startswith('"') and last_modified
        again = fetch(site.url(path))
        assert again.headers["ETag"] == etag and again.body == first.body
        not_modified = fetch(site.url(path), {"If-None-Match": etag})
        assert not_modified.status == 304 and not_modified.body == b""
        assert fetch(site.url(path), {"If-Modified-Since": last_modified}).status == 304
        assert fetch(site.url(path), {"If-None-Match": '"other"'}).status == 200


def test_if_modified_since_before_the_change_gets_the_page(site: SyntheticSite) -> None:
    entry = site.entry(10)
    earlier = format_datetime(entry.last_modified - timedelta(hours=1), usegmt=True)
    assert fetch(site.url(entry.path), {"If-Modified-Since": earlier}).status == 200


def test_unknown_paths_get_404(site: SyntheticSite) -> None:
    entry = site.entry(5)
    for path in ("/nope", "/sitemaps/2031-01.xml", entry.path.replace(".html", "x.html"), "/latest/?page=99"):
        assert fetch(site.url(path)).status == 404, path
    wrong_section = "/zzz/" + entry.path.split("/", 2)[2]
    assert fetch(site.url(wrong_section)).status == 404


def test_request_log_records_everything(site: SyntheticSite) -> None:
    site.clear_log()
    article = site.entry(7).path
    fetch(site.url(article + "?utm_source=x"))
    fetch(site.url(article), method="HEAD")
    fetch(site.url("/missing"))
    fetch(site.url("/feed.xml"))
    rows = site.log.rows()
    assert [(r.method, r.target, r.status) for r in rows] == [
        ("GET", article + "?utm_source=x", 200),
        ("HEAD", article, 200),
        ("GET", "/missing", 404),
        ("GET", "/feed.xml", 200),
    ]
    assert [r.target for r in site.article_fetches()] == [article + "?utm_source=x"]
    assert len(site.requests_for(r"feed\.xml$")) == 1
    assert len(site.requests_for(lambda r: r.status == 404)) == 1
    site.clear_log()
    assert site.log.rows() == []


def test_article_pages_are_realistic_sizes_with_metadata(site: SyntheticSite) -> None:
    templates = set()
    for i in range(0, 300, 10):
        article = site.article(i)
        page = fetch(site.url(article.entry.path))
        assert 30_000 <= len(page.body) <= 120_000, (i, len(page.body))
        tree = html.document_fromstring(page.body)
        assert tree.get("lang") == article.entry.language
        assert tree.xpath('//link[@rel="canonical"]/@href') == [site.url(article.entry.path)]
        assert tree.xpath('//meta[@property="article:published_time"]/@content') == [
            article.entry.published.isoformat()
        ]
        assert '"@type": "NewsArticle"' in page.body.decode()
        assert article.paragraphs[0] in html.tostring(tree, encoding="unicode")
        templates.add(article.template)
    assert templates == {"wordpress", "modern", "legacy"}


def test_non_english_articles_declare_their_language(site: SyntheticSite) -> None:
    foreign = [i for i in range(300) if site.entry(i).language != "en"]
    assert {site.entry(i).language for i in foreign} == {"de", "fr"}
    for i in foreign[:6]:
        body = fetch(site.article_url(i)).body.decode()
        assert f'<html lang="{site.entry(i).language}"' in body


def test_edit_changes_the_article_and_its_validators(site: SyntheticSite) -> None:
    entry = site.entry(120)
    _, _, year, month_number, *_ = entry.path.split("/")
    month = f"/sitemaps/{year}-{month_number}.xml"
    before, month_before = fetch(site.url(entry.path)), fetch(site.url(month))
    feed_before = fetch(site.url("/feed.xml"))
    site.edit(120)
    after, month_after = fetch(site.url(entry.path)), fetch(site.url(month))
    assert after.headers["ETag"] != before.headers["ETag"] and after.body != before.body
    assert site.article(120).paragraphs[-1] in after.body.decode()
    assert site.article(120).paragraphs[-1] not in before.body.decode()
    assert fetch(site.url(entry.path), {"If-None-Match": before.headers["ETag"]}).status == 200
    assert fetch(site.url(entry.path), {"If-Modified-Since": before.headers["Last-Modified"]}).status == 200
    assert month_after.headers["ETag"] != month_before.headers["ETag"]
    # The feed does not show modification times, so its validators stay.
    assert fetch(site.url("/feed.xml")).headers["ETag"] == feed_before.headers["ETag"]
    # Other articles are untouched.
    other = site.entry(121).path
    assert fetch(site.url(other)).headers["ETag"] == fetch(site.url(other)).headers["ETag"]


def test_add_articles_changes_feed_index_and_news_sitemap(site: SyntheticSite) -> None:
    paths = ["/feed.xml", "/sitemap_index.xml", "/news-sitemap.xml", "/latest/?page=1"]
    before = {p: fetch(site.url(p)) for p in paths}
    old_article = fetch(site.article_url(100))
    new = site.add_articles(5)
    for path in paths:
        after = fetch(site.url(path))
        assert after.headers["ETag"] != before[path].headers["ETag"], path
        assert fetch(site.url(path), {"If-None-Match": before[path].headers["ETag"]}).status == 200
        assert (
            fetch(site.url(path), {"If-Modified-Since": before[path].headers["Last-Modified"]}).status == 200
        )
    feed = fetch(site.url("/feed.xml")).body.decode()
    news = parse_sitemap(fetch(site.url("/news-sitemap.xml")).body, site.base_url)
    for i in new:
        assert site.article_url(i) in feed
        assert site.article_url(i) in {e.url for e in news.entries}
        assert fetch(site.article_url(i)).status == 200
    index = parse_sitemap(fetch(site.url("/sitemap_index.xml")).body, site.base_url)
    newest_month = index.sitemaps[-1].url
    assert re.search(r"/sitemaps/2023-01\.xml$", newest_month)
    assert site.article_url(new[-1]) in fetch(newest_month).body.decode()
    # Existing articles keep their bytes and validators.
    assert fetch(site.article_url(100)).headers["ETag"] == old_article.headers["ETag"]
