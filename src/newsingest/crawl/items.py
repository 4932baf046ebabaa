"""What the spider yields: raw pages, unchanged re-checks and fetch failures. Never extracted data."""

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


@dataclass(slots=True)
class Unchanged:
    """A re-checked page whose body is the one stored already (a 304, or a 200 with the same hash)."""

    url: str
    page_id: int
    checked_at: datetime
    not_modified: bool
