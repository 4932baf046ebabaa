"""synthetic_source: the Source benchmarks and flow tests ingest a synthetic site with."""

from sitegen import ARTICLE_PATTERN
from sitegen.source import synthetic_source


def test_synthetic_source_reaches_the_site_through_its_indexes_only() -> None:
    source = synthetic_source("http://127.0.0.1:8123", max_pages=5000)
    assert source.entry_urls() == [
        "http://127.0.0.1:8123/feed.xml",
        "http://127.0.0.1:8123/sitemap_index.xml",
        "http://127.0.0.1:8123/news-sitemap.xml",
    ]
    assert source.article_pattern == ARTICLE_PATTERN and source.max_pages == 5000
    assert source.allow_private_hosts == ["127.0.0.1"] and source.download_delay == 0


def test_archive_adds_the_latest_listing() -> None:
    source = synthetic_source("http://127.0.0.1:8123", slug="other", archive=True)
    assert source.slug == "other"
    assert [listing.url for listing in source.listings] == ["/latest/"]
