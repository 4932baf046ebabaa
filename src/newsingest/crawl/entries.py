"""A discovered link: the URL of a candidate article and the date its index gave it."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Entry:
    """One link found in a feed, sitemap or listing page."""

    url: str
    published_at: datetime | None = None
