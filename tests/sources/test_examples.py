"""Article patterns match canonical URLs in either host form; every bundled source proves it by example."""

from pathlib import Path

import pytest

from newsingest.config import BUNDLED_SOURCES
from newsingest.dedup import canonical_url
from newsingest.errors import NewsingestError
from newsingest.sources import Listing, Source, example_mismatches, load_sources


def _source(pattern: str) -> Source:
    return Source(
        slug="k", name="K", domain="k.example", feeds=["https://k.example/rss"], article_pattern=pattern
    )


@pytest.mark.parametrize(
    "pattern", [r"^https://www\.k\.example/en/story/\d+", r"^https://k\.example/en/story/\d+"]
)
def test_pattern_written_with_or_without_www_matches_both_host_forms(pattern: str) -> None:
    source = _source(pattern)
    for url in ("https://www.k.example/en/story/12-a?utm_source=x", "https://k.example/en/story/12-a"):
        assert source.is_article(url)
        assert source.is_article(canonical_url(url))  # the spider hands over the canonical key
    assert not source.is_article("https://www.k.example/en/section/world")
    assert not source.is_article("https://www.other.example/en/story/12")


def test_source_without_pattern_takes_every_link_and_listing_patterns_match_canonically() -> None:
    assert Source(slug="a", name="A", domain="a.example", feeds=["https://a.example/f"]).is_article(
        "https://a.example/x"
    )
    listing = Listing(
        url="https://www.k.example/latest", article_pattern=r"^https://www\.k\.example/\d{4}/[^/]+/$"
    )
    assert listing.is_article("https://k.example/2022/slug/?utm_medium=rss#c")


def test_bundled_kurdistan24_matches_its_articles_in_canonical_form() -> None:
    kurdistan24 = {s.slug: s for s in load_sources(BUNDLED_SOURCES)}["kurdistan24"]
    key = canonical_url("https://www.kurdistan24.net/en/story/26475-Coalition-forces-targeted")
    assert key == "https://kurdistan24.net/en/story/26475-Coalition-forces-targeted"
    assert kurdistan24.article_pattern and kurdistan24.is_article(key)


def test_every_bundled_source_has_examples_that_match_in_canonical_form() -> None:
    for source in load_sources(BUNDLED_SOURCES):
        assert source.examples.articles and source.examples.not_articles, source.slug
        assert example_mismatches(source) == [], source.slug
        for url in source.examples.articles:
            assert source.is_article(canonical_url(source.resolve(url))), url
        for url in source.examples.not_articles:
            assert not source.is_article(canonical_url(source.resolve(url))), url


def test_load_sources_reports_an_example_that_does_not_match(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(
        "sources:\n  - slug: k\n    name: K\n    domain: k.example\n    feeds: [https://k.example/rss]\n"
        "    article_pattern: '^https://k\\.example/en/story/\\d+'\n"
        "    examples:\n      articles: [https://k.example/en/story/1, https://k.example/story/2]\n"
        "      not_articles: ['https://k.example/en/story/3?ref=home', 'http://[::1/x']\n",
        encoding="utf-8",
    )
    with pytest.raises(NewsingestError) as err:
        load_sources(path)
    message = str(err.value)
    assert str(path) in message and "'k': examples:" in message
    assert "'https://k.example/story/2' (canonical https://k.example/story/2) does not match" in message
    assert (
        "'https://k.example/en/story/3?ref=home' (canonical https://k.example/en/story/3) matches" in message
    )
    assert "'http://[::1/x': unusable URL" in message
    assert "story/1'" not in message
