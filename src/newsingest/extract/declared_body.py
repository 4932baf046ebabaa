"""The page's own statement of its article text (JSON-LD articleBody), used when extraction falls short."""

import re

from newsingest.clean.normalize import normalize_text, unescape
from newsingest.clean.words import count_words

TAG = re.compile(r"<[^>]+>")
MIN_WORDS = 50  # a shorter articleBody is a teaser, not the article
SHORTFALL = 0.5  # use it when the extracted text holds less than half of its words


def markup_free(article_body: str) -> str:
    """Return articleBody as plain text lines (some CMSs put HTML or entities in it)."""
    text = TAG.sub("\n", article_body.replace("<br>", "\n")) if "<" in article_body else article_body
    return normalize_text(unescape(text))


def prefer_declared(extracted: str, article_body: str | None) -> str | None:
    """Return the declared body when the extracted text misses most of it, else None."""
    if not article_body:
        return None
    declared = markup_free(article_body)
    words = count_words(declared)
    if words < MIN_WORDS or count_words(extracted) >= SHORTFALL * words:
        return None
    return declared
