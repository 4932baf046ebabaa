"""Text normalisation: NFC Unicode, no invisible or control characters, one space between words."""

import html
import re
import unicodedata

INVISIBLE = re.compile(r"[\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")
# C0 and C1 controls and DEL; tab, newline and carriage return are spacing (SPACES, line splits).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
SPACES = re.compile(r"[ \t\r\n\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
ENTITY = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.IGNORECASE)
# Tags only (a letter after "<"), so "x < y and y > z" is left alone; block tags separate words.
BLOCK_TAG = re.compile(
    r"</?(p|br|div|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article|figure|figcaption|hr)\b[^<>]*>",
    re.IGNORECASE,
)
TAG = re.compile(r"<!--.*?-->|</?[a-z][^<>]*>", re.IGNORECASE | re.DOTALL)


def without_surrogates(text: str) -> str:
    """Return text with lone UTF-16 surrogates (from JSON "\\ud800" escapes) replaced by U+FFFD."""
    try:
        text.encode("utf-8")  # fails on a surrogate only; ~5x faster than a regex scan of a whole page
    except UnicodeEncodeError:
        pass
    else:
        return text
    # A high and a low surrogate side by side are one character in two halves: the round trip joins
    # them; any other surrogate cannot be encoded (UTF-8, PostgreSQL) and becomes U+FFFD.
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def without_controls(text: str) -> str:
    """Return text without NUL and other control characters (newline and tab kept), surrogates replaced."""
    return CONTROL.sub("", without_surrogates(text))


def normalize_line(line: str) -> str:
    """Return line in NFC with invisible and control characters removed and spaces collapsed."""
    line = unicodedata.normalize("NFC", without_surrogates(line))
    line = CONTROL.sub("", INVISIBLE.sub("", line))
    return SPACES.sub(" ", line).strip()


def normalize_text(text: str) -> str:
    """Return text as normalised, non-empty lines joined by newlines."""
    lines = (normalize_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def unescape(value: str) -> str:
    """Return value with HTML character references decoded, twice when it was escaped twice."""
    once = html.unescape(value)
    # Some CMSs escape an already escaped string ("zerst&amp;ouml;ren"): a reference left after the first
    # pass that the first pass produced is decoded once more.
    return html.unescape(once) if once != value and ENTITY.search(once) else once


def plain_line(value: str) -> str:
    """Return a metadata string (title, name, tag, description) as one line of plain text."""
    text = unescape(value)
    if "<" in text:
        text = TAG.sub("", BLOCK_TAG.sub(" ", text))
    return normalize_line(text)


def comparable(text: str) -> str:
    """Return a loose form of text for equality tests: casefolded words, no punctuation."""
    return " ".join(re.findall(r"\w+", text.casefold()))
