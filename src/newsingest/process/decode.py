"""Decode page bodies to text using the HTTP charset, the page's meta charset, or detection."""

from w3lib.encoding import html_to_unicode

REPLACEMENT = "\ufffd"


def decode_raw(raw: bytes, content_type: str | None) -> str:
    """Return raw as text; when the declared charset is wrong, the decoding with fewest U+FFFD wins."""
    _encoding, text = html_to_unicode(content_type, raw)
    if REPLACEMENT not in text or REPLACEMENT.encode() in raw:
        return str(text)
    # The HTTP header lied (servers default to UTF-8 or Latin-1): try the page's own declaration and
    # detection, then cp1252, which decodes every byte Western pages use.
    candidates = [str(text), str(html_to_unicode(None, raw)[1]), raw.decode("cp1252", errors="replace")]
    return min(candidates, key=lambda t: t.count(REPLACEMENT))
