"""Decode stored page bodies to text using the HTTP charset, the page's meta charset, or detection."""

import zlib

from w3lib.encoding import html_to_unicode


def decode_body(compressed: bytes, content_type: str | None) -> str:
    """Return the page's text from its stored (zlib-compressed) body."""
    raw = zlib.decompress(compressed)
    _encoding, text = html_to_unicode(content_type, raw)
    return str(text)
