"""Dates of discovered links and index partitions, and whether they fall in a backfill range."""

import re
from datetime import UTC, date, datetime, timedelta

from newsingest.crawl.entries import Entry
from newsingest.dates import URL_DAY, url_date

# /2022/01/ and sitemap-2022-01.xml forms; a day's URL (URL_DAY) names more than its month.
URL_MONTH = re.compile(r"(?<!\d)(20\d{2}|19\d{2})[/_-](0[1-9]|1[0-2])(?![\d])")


def url_month(url: str) -> tuple[date, date] | None:
    """Return [first day, first day of next month) of a month-partitioned URL (e.g. sitemap-2022-01.xml)."""
    path = url.split("?", 1)[0]
    if URL_DAY.search(path):
        return None
    match = URL_MONTH.search(path)
    if not match:
        return None
    start = date(int(match[1]), int(match[2]), 1)
    end = (start + timedelta(days=32)).replace(day=1)
    return start, end


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def entry_in_range(entry: Entry, since: datetime | None, until: datetime | None) -> bool:
    """Say whether a link may hold an article published in [since, until).

    The URL's own date decides first (it is the publication day), then the index's date; a link with no
    date at all is kept, since only fetching it can tell.
    """
    if since is None and until is None:
        return True
    day = url_date(entry.url)
    published = entry.published_at
    if day is not None and (published is None or abs((published.date() - day).days) > 1):
        # The index's date is a modification date far from the URL's day: the URL's day decides.
        published = _midnight(day)
    if published is not None:
        return (since is None or published >= since) and (until is None or published < until)
    month = url_month(entry.url)
    if month is not None:  # /2022/01/slug: the month is all the URL says
        return (since is None or _midnight(month[1]) > since) and (
            until is None or _midnight(month[0]) < until
        )
    return True


def sitemap_in_range(entry: Entry, since: datetime | None, until: datetime | None) -> bool:
    """Say whether a nested sitemap may list articles of [since, until).

    A sitemap last modified before the range starts lists only older articles; a date-partitioned one
    (…/2022-01.xml) covers its month.
    """
    if since is not None and entry.published_at is not None and entry.published_at < since:
        return False
    month = url_month(entry.url)
    if month is not None:
        start, end = _midnight(month[0]), _midnight(month[1])
        return (since is None or end > since) and (until is None or start < until)
    return True
