"""The site model: determinism, dates in id order, URLs, languages, syndicated copies, body lengths."""

import re
from datetime import UTC, date, datetime, timedelta

from sitegen import ARTICLE_PATTERN, Site, SiteSpec
from sitegen.router import Router

PATTERN = re.compile(ARTICLE_PATTERN)


def _bytes(spec: SiteSpec, paths: list[str]) -> list[bytes]:
    router = Router(Site(spec), "http://127.0.0.1:1", cache_size=0)
    return [router.render(path).page.body for path in paths]


def test_same_seed_same_bytes_other_seed_other_bytes() -> None:
    site = Site(SiteSpec(300, seed=1))
    paths = [site.entry(i).path for i in (0, 150, 299)] + [
        "/feed.xml",
        "/sitemap_index.xml",
        "/latest/?page=2",
    ]
    first = _bytes(SiteSpec(300, seed=1), paths)
    assert first == _bytes(SiteSpec(300, seed=1), paths)
    other = Site(SiteSpec(300, seed=2))
    assert [other.entry(i).path for i in (0, 150, 299)] != paths[:3]
    assert _bytes(SiteSpec(300, seed=2), paths[3:]) != first[3:]


def test_ids_are_in_date_order_within_the_range_with_varied_offsets() -> None:
    spec = SiteSpec(300, seed=3)
    view = Site(spec).view()
    published = [view.entry(i).published for i in range(300)]
    assert published == sorted(published)
    assert published[0] >= datetime(2020, 1, 1, tzinfo=UTC)
    assert published[-1] < datetime(2023, 1, 1, tzinfo=UTC)
    assert all(p.tzinfo is not None for p in published)
    assert len({p.utcoffset() for p in published}) >= 5


def test_article_urls_match_the_pattern_and_nothing_else_does() -> None:
    view = Site(SiteSpec(300, seed=3)).view()
    for i in range(300):
        entry = view.entry(i)
        assert PATTERN.search("http://127.0.0.1:8000" + entry.path)
        day = entry.published.astimezone(UTC)
        assert entry.path.startswith(f"/{entry.section}/{day:%Y/%m/%d}/")
        assert entry.path.endswith(f"-{i}.html")
    for other in (
        "/",
        "/feed.xml",
        "/sitemaps/2020-01.xml",
        "/archive/2020/01/02/",
        "/latest/?page=2",
        "/world/",
    ):
        assert not PATTERN.search("http://127.0.0.1:8000" + other)


def test_languages_syndication_and_body_lengths() -> None:
    view = Site(SiteSpec(300, seed=5)).view()
    articles = [view.article(i) for i in range(300)]
    languages = {a.entry.language for a in articles}
    assert languages == {"en", "de", "fr"}
    for article in articles:
        words = sum(len(p.split()) for p in article.paragraphs)
        assert 300 <= words <= 1300, words
    copies = [a for a in articles if a.syndicated_from is not None]
    assert copies, "a 3% share of 300 should give some syndicated copies"
    for copy in copies:
        assert copy.syndicated_from is not None
        original = articles[copy.syndicated_from]
        assert copy.paragraphs == original.paragraphs
        assert copy.entry.section != original.entry.section
        assert copy.entry.path != original.entry.path
        assert copy.entry.language == original.entry.language
        assert copy.entry.published - original.entry.published >= timedelta(days=1)


def test_add_and_edit_move_the_clock_and_versions() -> None:
    site = Site(SiteSpec(50, seed=1, start=date(2021, 1, 1), end=date(2021, 1, 31)))
    before = site.now
    new = site.add_articles(5)
    assert list(new) == [50, 51, 52, 53, 54]
    assert site.now > site.entry(54).published > site.entry(49).published > before - timedelta(days=2)
    old = site.article(3)
    modified = site.edit(3)
    edited = site.article(3)
    assert edited.version == old.version + 1
    assert edited.entry.modified == modified
    assert edited.paragraphs[: len(old.paragraphs)] == old.paragraphs
    assert len(edited.paragraphs) == len(old.paragraphs) + 1
