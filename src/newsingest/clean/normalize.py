"""Text normalisation: NFC Unicode, no invisible characters, one space between words."""

import re
import unicodedata

INVISIBLE = re.compile(r"[\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


def normalize_line(line: str) -> str:
    """Return line in NFC with invisible and control characters removed and spaces collapsed."""
    line = unicodedata.normalize("NFC", line)
    line = CONTROL.sub("", INVISIBLE.sub("", line))
    return SPACES.sub(" ", line).strip()


def normalize_text(text: str) -> str:
    """Return text as normalised, non-empty lines joined by newlines."""
    lines = (normalize_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def comparable(text: str) -> str:
    """Return a loose form of text for equality tests: casefolded words, no punctuation."""
    return " ".join(re.findall(r"\w+", text.casefold()))
