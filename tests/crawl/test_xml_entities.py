"""Feeds and sitemaps with a hostile DTD: no entity is expanded, no file read, and later items still count."""

from pathlib import Path

from newsingest.crawl.feeds import parse_feed
from newsingest.crawl.sitemaps import parse_sitemap

SITE = "https://n.example"
MARKER = "TOPSECRET-7d1c"
LAUGHS = '<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10)
)


def dtd(secret: Path) -> str:
    """Return a DTD defining a billion laughs and an external entity reading secret."""
    return f'<!DOCTYPE x [<!ENTITY secret SYSTEM "file://{secret}">{LAUGHS}]>'


def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(MARKER, encoding="utf-8")
    return path


def test_a_feed_with_billion_laughs_and_an_external_entity_keeps_its_plain_items(tmp_path: Path) -> None:
    feed = (
        f"<?xml version='1.0'?>{dtd(secret_file(tmp_path))}<rss version='2.0'><channel><title>&lol9;</title>"
        f"<item><title>&secret;</title><link>{SITE}/news/&secret;&lol9;.html</link></item>"
        f"<item><link>{SITE}/news/feed-story.html</link></item></channel></rss>"
    )
    urls = [entry.url for entry in parse_feed(feed.encode(), f"{SITE}/feed.xml")]
    assert f"{SITE}/news/feed-story.html" in urls
    assert not any(MARKER in url or "lollol" in url for url in urls)


def test_a_sitemap_with_billion_laughs_and_an_external_entity_keeps_its_plain_urls(tmp_path: Path) -> None:
    sitemap = (
        f"<?xml version='1.0'?>{dtd(secret_file(tmp_path))}"
        "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        f"<url><loc>{SITE}/news/&secret;.html</loc></url>"
        f"<url><loc>{SITE}/news/sitemap-story.html</loc></url></urlset>"
    )
    urls = [entry.url for entry in parse_sitemap(sitemap.encode(), f"{SITE}/sitemap.xml").entries]
    assert f"{SITE}/news/sitemap-story.html" in urls
    assert not any(MARKER in url or "lollol" in url for url in urls)
