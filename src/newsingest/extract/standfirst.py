"""The standfirst: the page's declared description when the page shows it above the article.

News pages print their standfirst (lead, deck, summary) in the article header, where extractors tend to
leave it out, and declare the same text as their description. It is article text, so it goes first in
the body when the page shows it and the extracted text does not already hold it. A description the
page does not show (an SEO summary) is never added.
"""

import re

from lxml.html import HtmlElement

from newsingest.clean.normalize import normalize_line
from newsingest.clean.words import count_words

MIN_WORDS, MAX_WORDS = 10, 150  # shorter is a tagline; longer is not a standfirst
TRUNCATED = ("...", "…")  # a cut-off description is a preview, not the text the page shows
WORD = re.compile(r"\w+")
QUOTES = "\"'\\"


def candidate(description: str | None) -> str | None:
    """Return the description (plain text: the pipeline's metadata) as a line if it could be a standfirst."""
    if not description:
        return None
    line = normalize_line(description)
    if not MIN_WORDS <= count_words(line) <= MAX_WORDS or line.endswith(TRUNCATED):
        return None
    return line


def page_text(tree: HtmlElement) -> str:
    """Return the text of the page's body (one C-level pass; searched only when needed)."""
    body = tree.find(".//body")
    return str(body.text_content()) if body is not None else ""


def _words_pattern(line: str) -> re.Pattern[str] | None:
    """Return a pattern of line's words in order, apart from case, punctuation and spacing."""
    words = WORD.findall(line.casefold())
    return re.compile(r"\W+".join(map(re.escape, words))) if words else None


def _shown(pattern: re.Pattern[str], text: str) -> bool:
    folded = text.casefold()
    for match in pattern.finditer(folded):
        # Inside a script the text is a quoted JSON or JavaScript string, not something readers see.
        # ("" is in every string: a match at the very start of the text counts as outside quotes.)
        before = folded[match.start() - 1] if match.start() else " "
        if before not in QUOTES:
            return True
    return False


def _words(text: str) -> str:
    return " ".join(WORD.findall(text.casefold()))


def with_standfirst(body: str, line: str | None, text: str) -> str:
    """Return body with line first when the page shows line and body does not already hold it."""
    words = _words(line) if line else ""
    # Word sequences first (C-level scans): compiling the line's own pattern costs ~2 ms, so only a
    # line the page holds and the body lacks gets one, for the test of script strings.
    # (Unpadded, as the pattern: text_content() glues a heading's last word to the next element's first.)
    if not words or words in _words(body) or words not in _words(text):
        return body
    pattern = _words_pattern(line or "")
    if pattern is None or not _shown(pattern, text):
        return body
    return f"{line}\n{body}"
