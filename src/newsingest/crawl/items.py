"""What the spider yields: raw pages to store and fetch failures to record. Never extracted data."""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(slots=True)
class RawPage:
    """A fetched page exactly as served."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    discovered_via: str | None = None
    hint_published_at: datetime | None = None


@dataclass(slots=True)
class FetchFailure:
    """A URL the crawl could not fetch, and why."""

    url: str
    stage: str
    error_class: str
    detail: str
    http_status: int | None = None
    extra: dict[str, str] = field(default_factory=dict)
