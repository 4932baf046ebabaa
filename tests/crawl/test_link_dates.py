"""Backfill ranges: which links, sitemaps and listing pages may hold articles of a date range."""

from datetime import UTC, date, datetime, timedelta

from newsingest.crawl.entries import Entry
from newsingest.crawl.link_dates import entry_in_range, sitemap_in_range, url_month
from newsingest.crawl.pagination import next_page
from newsingest.crawl.plan import PlannedURL
from newsingest.dates import url_date
from newsingest.orchestration.backfill_run import day_chunks
from newsingest.orchestration.source_run import day_range

SINCE, UNTIL = datetime(2022, 3, 1, tzinfo=UTC), datetime(2022, 4, 1, tzinfo=UTC)


def test_url_dates_and_months() -> None:
    assert url_date("https://n.example/world/2022/03/07/slug-1.html") == date(2022, 3, 7)
    assert url_date("https://n.example/2022-03-07-slug") == date(2022, 3, 7)
    assert url_date("https://n.example/2022/01/2-suicide-drones/") is None
    assert url_month("https://n.example/sitemaps/2022-03.xml.gz") == (date(2022, 3, 1), date(2022, 4, 1))
    assert url_month("https://n.example/2022/12/slug") == (date(2022, 12, 1), date(2023, 1, 1))


def test_entry_range_uses_the_url_day_then_the_index_date_then_the_month() -> None:
    assert entry_in_range(Entry("https://n.example/2022/03/31/a.html"), SINCE, UNTIL)
    assert not entry_in_range(Entry("https://n.example/2022/04/01/a.html"), SINCE, UNTIL)
    # The index's date is a later modification: the URL's day still decides.
    late = datetime(2022, 5, 2, tzinfo=UTC)
    assert entry_in_range(Entry("https://n.example/2022/03/05/a.html", late), SINCE, UNTIL)
    assert not entry_in_range(
        Entry("https://n.example/a", datetime(2022, 2, 28, 23, tzinfo=UTC)), SINCE, UNTIL
    )
    assert not entry_in_range(Entry("https://n.example/2022/02/slug"), SINCE, UNTIL)
    assert entry_in_range(Entry("https://n.example/undated-slug"), SINCE, UNTIL)  # only a fetch can tell


def test_sitemaps_outside_the_range_are_skipped() -> None:
    assert not sitemap_in_range(Entry("https://n.example/sitemaps/2022-02.xml"), SINCE, UNTIL)
    assert sitemap_in_range(Entry("https://n.example/sitemaps/2022-03.xml.gz"), SINCE, UNTIL)
    old = Entry("https://n.example/sitemap-posts-7.xml", SINCE - timedelta(days=3))
    assert not sitemap_in_range(old, SINCE, UNTIL)  # last modified before the range: only older articles
    assert sitemap_in_range(Entry("https://n.example/sitemap-posts-8.xml", UNTIL), SINCE, UNTIL)


def test_day_range_and_chunks() -> None:
    start, end = day_range(date(2022, 3, 1), date(2022, 3, 31))
    assert (start, end) == (SINCE, UNTIL)
    urls = [
        PlannedURL(url=f"https://n.example/2022/03/{d:02d}/a{i}.html") for d in (1, 2, 3) for i in range(3)
    ]
    chunks = list(day_chunks(urls, chunk_size=4))
    assert [len(c) for c in chunks] == [3, 3, 3]  # a day is never split
    assert [len(c) for c in day_chunks(urls, chunk_size=6)] == [6, 3]


def test_next_page_links() -> None:
    assert next_page(
        b'<html><head><link rel="next" href="?page=2"></head></html>', "https://n.example/latest/"
    ) == ("https://n.example/latest/?page=2")
    assert next_page(
        b'<html><body><a href="/p/3">Older posts</a></body></html>', "https://n.example/p/2"
    ) == ("https://n.example/p/3")
    assert next_page(b"<html><body><a href='/about'>About</a></body></html>", "https://n.example/") is None
