"""Parse the dates pages and their URLs carry: date strings into timezone-aware datetimes, a URL's day."""

import calendar
import re
from datetime import UTC, date, datetime

DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
LATEST = datetime.max.replace(tzinfo=UTC)
FUTURE_YEARS = 1  # a page dated further ahead is wrong (a typo, a placeholder), not scheduled news
# /2022/01/03/, /2022-01-03- and /20220103/ forms, as news CMSs put them in paths.
URL_DAY = re.compile(r"(?<!\d)(20\d{2}|19\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?!\d)")


def add_years(moment: datetime, years: int) -> datetime:
    """Return moment shifted by whole calendar years, 29 February becoming 28 February in common years."""
    year = moment.year + years
    if year > datetime.max.year:
        return LATEST if moment.tzinfo is not None else datetime.max
    if year < datetime.min.year:
        return datetime.min.replace(tzinfo=moment.tzinfo)
    # replace(year=...) raises on 29 February when the target year has no such day: clamp to the month.
    day = min(moment.day, calendar.monthrange(year, moment.month)[1])
    return moment.replace(year=year, day=day)


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _parse(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    if DATE_ONLY.match(text[:10]) and len(text) > 10 and text[10] == " ":
        text = text[:10] + "T" + text[11:]  # "2022-01-03 10:15:00+00:00" form
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        return None


def parse_date(value: object, *, now: datetime | None = None) -> datetime | None:
    """Return value as an aware datetime, or None when it is not a plausible publication date.

    Naive timestamps are read as UTC (the page gave no zone); dates in the far future or before the
    web are rejected rather than stored. A naive now is read as UTC too.
    """
    parsed = _parse(value)
    if parsed is None:
        return None
    parsed = _aware(parsed)
    limit = add_years(_aware(now or datetime.now(UTC)), FUTURE_YEARS)
    return parsed if EARLIEST <= parsed <= limit else None


def url_date(url: str) -> date | None:
    """Return the day a URL's path names, if any."""
    path = url.split("?", 1)[0]
    match = URL_DAY.search(path)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return None
