"""Article records: the cheap listing entry and the full article with body text."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Entry:
    """What listings, feeds and sitemaps show of an article."""

    id: int
    path: str
    section: str
    title: str
    language: str
    published: datetime
    modified: datetime | None

    @property
    def last_modified(self) -> datetime:
        """Return the modification time, or the publication time when never modified."""
        return self.modified or self.published


@dataclass(frozen=True, slots=True)
class Article:
    """A full article: entry fields plus byline, tags, body and the ids of related articles."""

    entry: Entry
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    paragraphs: tuple[str, ...]
    caption: str
    version: int
    template: str
    syndicated_from: int | None
    related: tuple[int, ...]
    comments: tuple[tuple[str, str], ...]
