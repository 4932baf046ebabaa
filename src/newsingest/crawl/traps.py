"""Crawler traps by URL shape: repeating path segments, endless depth, oversized URLs."""

from collections import Counter
from urllib.parse import urlsplit

MAX_URL_LENGTH = 2000
MAX_PATH_SEGMENTS = 12  # news URLs are a section, a date and a slug; deeper paths are generated
MAX_SEGMENT_REPEATS = 2  # /a/b/a/b/a/… is a relative-link loop, not an article


def trap_reason(url: str) -> str | None:
    """Return why url looks like a crawler trap, or None."""
    if len(url) > MAX_URL_LENGTH:
        return f"URL longer than {MAX_URL_LENGTH} characters"
    try:
        path = urlsplit(url).path
    except ValueError:  # an unclosed IPv6 bracket: nothing to fetch, whatever its shape
        return "URL cannot be parsed"
    segments = [s for s in path.split("/") if s]
    if len(segments) > MAX_PATH_SEGMENTS:
        return f"path deeper than {MAX_PATH_SEGMENTS} segments"
    repeats = Counter(segments).most_common(1)
    if repeats and repeats[0][1] > MAX_SEGMENT_REPEATS:
        return f"path segment {repeats[0][0]!r} repeats {repeats[0][1]} times"
    return None
