"""CrawlPlan: what one crawl subprocess does (ingest, discover a date range, or fetch a URL list)."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from newsingest.sources import Source

Mode = Literal["ingest", "discover", "fetch"]


class PlannedURL(BaseModel):
    """An article URL to fetch, with the date its index gave it."""

    url: str
    published_at: datetime | None = None
    via: str | None = None


class CrawlPlan(BaseModel):
    """The instructions of one crawl subprocess, passed to it as JSON."""

    source: Source
    run_id: int | None = None
    mode: Mode = Field(
        default="ingest",
        description="ingest: discover and fetch new articles; discover: only list the articles of a date "
        "range into entries_file; fetch: fetch the given urls",
    )
    since: datetime | None = Field(default=None, description="Range start (inclusive), aware.")
    until: datetime | None = Field(default=None, description="Range end (exclusive), aware.")
    conditional: bool = Field(default=True, description="Send ETag/Last-Modified validators for indexes.")
    max_listing_pages: int = Field(
        default=1, ge=1, description="Listing pages followed through 'next' links."
    )
    urls: list[PlannedURL] = Field(default_factory=list)
    entries_file: str | None = None
    retry_failed: bool = Field(default=True, description="Also fetch URLs whose earlier fetch failed.")
