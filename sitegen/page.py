"""A rendered page: body bytes, content type and the time its content last changed."""

from dataclasses import dataclass
from datetime import datetime

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
GZIP = "application/gzip"


@dataclass(frozen=True, slots=True)
class Page:
    """What the router answers with; the server adds validators and headers."""

    body: bytes
    content_type: str = HTML
    last_modified: datetime | None = None
    status: int = 200
