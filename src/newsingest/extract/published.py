"""The publication date: the page's declaration, its visible date, the feed's or sitemap's, htmldate.

The feed's date (the crawl's hint) is often a modification date or a sitemap's lastmod; the page's own
date is what readers see. When the page shows a date (printed after its headline, a <time> element, or
htmldate's markup search) that is more than a day away from the feed's, the page's date wins; within a
day the feed's timestamp stays, being the more precise. A date printed only before the headline (a
banner with today's date) is never the article's.
"""

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta, timezone
from email.utils import parsedate_to_datetime

from lxml.html import HtmlElement

from newsingest.dates import DATE_ONLY, parse_date
from newsingest.extract.authors import people
from newsingest.extract.fallbacks import class_bylines, htmldate_date
from newsingest.extract.header import header_text
from newsingest.extract.text_dates import ShownDate, first_date
from newsingest.extract.title import Heading

MAX_DISAGREEMENT = timedelta(days=1)
QUARTER_HOUR = timedelta(minutes=15)
CLOCK_SLACK = timedelta(minutes=2)  # a printed time drops the seconds the declaration holds
MAX_OFFSET = timedelta(hours=14)
MAX_TIME_ELEMENTS = 20


def time_element_date(tree: HtmlElement) -> datetime | None:
    """Return the first <time> element's machine-readable date (its datetime attribute), if any.

    Not the date a <time> spells out for readers: pages print today's date in a <time> of their header
    ("jueves, 09 enero 2014" above an article of the 8th), and a machine-readable one is the article's.
    """
    for count, node in enumerate(tree.iter("time")):
        if count >= MAX_TIME_ELEMENTS:
            break
        if (found := parse_date(node.get("datetime") or "")) is not None:
            return found
    return None


def _declared_date(value: str | None) -> datetime | None:
    """Return a declared date: ISO 8601, or RFC 2822 as feeds write it ("Wed, 04 May 2022 02:41:00 GMT")."""
    if not value:
        return None
    if (parsed := parse_date(value)) is not None or not value.strip()[:1].isalpha():
        return parsed
    try:
        return parse_date(parsedate_to_datetime(value.strip()))
    except (TypeError, ValueError, IndexError):
        return None


def _shown(heading: Heading | None, language: str) -> ShownDate | None:
    return first_date(header_text(heading.node), language) if heading is not None else None


def _byline_date(bylines: list[str], language: str) -> ShownDate | None:
    """Return the date printed in the article's byline ("Patricio Candia | Palma | 08/01/2014"), if any.

    Only a byline that names a person counts: date-classed lists of other articles hold bare dates.
    """
    for line in bylines:
        if (found := first_date(line, language)) is not None and people([line], []):
            return found
    return None


def _as_datetime(shown: ShownDate) -> datetime:
    # A printed date has no zone: its day is the page's, its time of day local (stored as given).
    return datetime.combine(shown.day, shown.clock or time(0, 0), tzinfo=UTC)


def _in_local_time(published: datetime, shown: ShownDate | None) -> datetime:
    """Return a UTC declaration in the zone of the time the page prints beside its headline.

    Pages declare "2022-05-04T00:44:52Z" and show "03/05/2022 21:44": the same moment, and the page's
    day is the 3rd. The offset is taken only when it is a whole quarter hour within ±14 hours.
    """
    if shown is None or shown.clock is None:
        return published
    local = datetime.combine(shown.day, shown.clock)
    offset = local - published.replace(tzinfo=None)
    quarter = round(offset / QUARTER_HOUR) * QUARTER_HOUR
    if not quarter or abs(offset - quarter) > CLOCK_SLACK or abs(quarter) > MAX_OFFSET:
        return published
    return published.astimezone(timezone(quarter))


def _declared_utc_time(published: datetime) -> bool:
    return published.utcoffset() == timedelta(0) and published.time() != time(0, 0)


def published_date(
    declared: str | None,
    hint: datetime | None,
    tree: HtmlElement,
    url: str | None,
    heading: Heading | None = None,
    language: str = "",
    bylines: Callable[[], list[str]] | None = None,
) -> tuple[datetime | None, str | None]:
    """Return the publication date and where it came from: page, visible, feed, htmldate (or None).

    heading: the headline's element; the date printed after it (in the article's header) is the
    visible date, and gives a UTC declaration its local day. bylines: the page's byline texts (looked
    up when called), whose date comes first.
    """
    if (published := _declared_date(declared)) is not None:
        if _declared_utc_time(published):
            published = _in_local_time(published, _shown(heading, language))
        elif DATE_ONLY.match((declared or "").strip()):
            # A bare declared day (a CMS's creation or issue date field) more than a day away from the
            # one printed under the headline: readers see the printed one.
            header = _shown(heading, language)
            if header is not None and abs(header.day - published.date()) > MAX_DISAGREEMENT:
                return _as_datetime(header), "visible"
        return published, "page"
    lines = bylines() if bylines is not None else class_bylines(tree)
    header = _byline_date(lines, language) or _shown(heading, language)
    shown = _as_datetime(header) if header is not None else time_element_date(tree)
    if hint is not None:
        if shown is not None and abs(shown - hint) > MAX_DISAGREEMENT:
            return shown, "visible"
        if shown is None:
            # htmldate also reads dates printed in date-classed elements, and a page's header may show
            # today's date: only an earlier date than the feed's (a feed giving a modification time) wins.
            found = parse_date(htmldate_date(tree, url, original=True))
            if found is not None and hint - found > MAX_DISAGREEMENT:
                return found, "htmldate"
        return hint, "feed"
    if shown is not None:
        return shown, "visible"
    if (found := parse_date(htmldate_date(tree, url, original=True))) is not None:
        return found, "htmldate"
    return None, None
