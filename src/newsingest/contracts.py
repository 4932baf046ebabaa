"""What one stage hands the next: both sides import it from here, neither from the other's internals."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(slots=True)
class ArticleRow:
    """One extracted article, as the extraction workers hand it to the loader: everything it writes."""

    url: str
    source: str
    title: str | None
    authors: list[str]
    published_at: datetime | None
    modified_at: datetime | None
    language: str
    text: str
    word_count: int
    tags: list[str]
    image_url: str | None
    site_name: str | None
    content_hash: str
    fingerprint: str
    extractor_version: str
    page_id: int | None
    seen_at: datetime
    meta: dict[str, Any] = field(default_factory=dict)
    fetched_at: datetime | None = None  # of the page the text came from; None: unknown, treated as newest
