"""What may not reach the database: NUL characters, lone surrogates and URLs past the index limits."""

import re
from typing import Any

# PostgreSQL refuses NUL in text and JSONB; a lone surrogate cannot be encoded as UTF-8 by any driver.
# Python strings hold astral characters as single code points, so any surrogate here is a lone one.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# A btree entry must fit a third of a PostgreSQL page (2,704 bytes); articles.url is uniquely indexed and
# failures.url is part of a unique index. Real article URLs are far shorter.
MAX_URL_BYTES = 2000


def scrub_text(text: str) -> str:
    """Return text without NUL characters and lone surrogates."""
    if text.isascii() and "\x00" not in text:
        return text
    return UNSTORABLE.sub("", text)


def scrub(value: Any) -> Any:
    """Return value with every string in it (list items, dict keys and values, nested) scrubbed."""
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, list | tuple):
        return [scrub(item) for item in value]
    if isinstance(value, dict):
        return {scrub(key): scrub(item) for key, item in value.items()}
    return value


def url_too_long(url: str) -> bool:
    """Return True when url is too long to be a key in a unique index."""
    return len(url) > MAX_URL_BYTES // 4 and len(url.encode("utf-8", "surrogatepass")) > MAX_URL_BYTES


def clip_utf8(text: str, limit: int) -> str:
    """Return text cut to at most limit bytes of UTF-8, on a character boundary."""
    if len(text) <= limit // 4:
        return text
    return text.encode("utf-8", "surrogatepass")[:limit].decode("utf-8", "ignore")
