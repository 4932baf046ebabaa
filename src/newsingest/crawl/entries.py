"""A discovered link: the URL of a candidate article and the date its index gave it."""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

from newsingest.dates import parse_date


@dataclass(frozen=True, slots=True)
class Entry:
    """One link found in a feed, sitemap or listing page."""

    url: str
    published_at: datetime | None = None


def resolve_link(base_url: str, link: str) -> str:
    """Return link made absolute against base_url, or stripped as written when it cannot be resolved."""
    # A malformed link (an unclosed IPv6 bracket) must not cost the other links of its document: it is
    # handed on as written, and the spider records a failure naming it.
    link = link.strip()
    try:
        return urljoin(base_url, link)
    except ValueError:
        return link


def entry_date(value: object) -> datetime | None:
    """Return an index's date for a link, or None when it is not a plausible one (never raises)."""
    try:
        return parse_date(value)
    except (ValueError, OverflowError):  # a year the clock cannot hold is no date at all
        return None
