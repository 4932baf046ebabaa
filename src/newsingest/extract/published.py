"""The publication date: the page's declaration, its visible date, the feed's or sitemap's, htmldate.

The feed's date (the crawl's hint) is often a modification date or a sitemap's lastmod; the page's own
date is what readers see. When the page shows a date (a <time> element, or htmldate's markup search)
that is more than a day away from the feed's, the page's date wins; within a day the feed's timestamp
stays, being the more precise.
"""

from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

from lxml.html import HtmlElement

from newsingest.dates import parse_date
from newsingest.extract.fallbacks import htmldate_date

MAX_DISAGREEMENT = timedelta(days=1)
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


def published_date(
    declared: str | None, hint: datetime | None, tree: HtmlElement, url: str | None
) -> tuple[datetime | None, str | None]:
    """Return the publication date and where it came from: page, visible, feed, htmldate (or None)."""
    if (published := _declared_date(declared)) is not None:
        return published, "page"
    shown = time_element_date(tree)
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
