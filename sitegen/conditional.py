"""Conditional GET: whether If-None-Match / If-Modified-Since let the server answer 304."""

from datetime import datetime
from email.utils import parsedate_to_datetime


def _etag_matches(header: str, etag: str) -> bool:
    # If-None-Match uses the weak comparison: W/"x" matches "x".
    if header.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in header.split(","))


def not_modified(headers: dict[str, str], etag: str, last_modified: datetime | None) -> bool:
    """Return True when the client's validators show it already has this representation."""
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        # RFC 9110 §13.1.3: with If-None-Match present, If-Modified-Since is ignored.
        return _etag_matches(if_none_match, etag)
    if_modified_since = headers.get("if-modified-since")
    if if_modified_since is None or last_modified is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False
    if since.tzinfo is None:
        return False
    return int(last_modified.timestamp()) <= int(since.timestamp())
