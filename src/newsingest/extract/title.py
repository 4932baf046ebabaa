"""The headline as the page shows it: the declared title checked against the page's <h1>, site affixes off.

Pages declare titles for search engines and sharing ("Headline - Outlet", "Outlet | Headline", a date,
a shorter or cut variant) and print the headline itself in an <h1>. The h1 wins when it is the same
headline (typographic quotes included), when the declared title is the h1 plus an affix, when the
declared title was cut, or when most of its words are in the declared title. A site's name, tagline
and section headings are h1s too; they never share most of their words with the declared title.
"""

import re
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from newsingest.clean.normalize import plain_line

WORD = re.compile(r"\w+")
# Separators between a headline and a site name or section: spaced punctuation, a bar, a guillemet or
# a full-width colon with or without spaces, a colon after a word; an unspaced hyphen between non-ASCII
# letters ("…需求-新华网"). A part is cut only when it names the site, so splitting widely is safe.
SEPARATOR = re.compile(
    r"\s+(?:[|\-–—·•»/:~]{1,2}|::)\s+|\s*[|｜»：]\s*|(?<=\w):\s+|(?<=[^\x00-\x7f])-(?=[^\x00-\x7f])"
)
MAX_AFFIX_WORDS = 6
MIN_NAME_CHARS = 4  # shorter names ("ft", "bbc") are compared whole, never as prefixes
MIN_OVERLAP = 0.5  # share of an h1's words that the declared title holds for the h1 to be its headline
CUT_CHARS = 80  # a declared title this long that the h1 extends was cut to fit a length limit
MAX_H1_WORDS = 60


def _key(text: str) -> str:
    """Return text as one run of casefolded word characters (no spaces, no punctuation)."""
    return "".join(WORD.findall(text.casefold()))


def _words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def site_keys(site_names: list[str], url: str | None) -> list[str]:
    """Return the keys of the page's names: declared site names, its host and the host's name part."""
    keys = [_key(name) for name in site_names]
    host = (urlsplit(url).hostname or "") if url else ""
    host = host.removeprefix("www.")
    if host:
        keys.append(_key(host))
        labels = host.split(".")
        keys.extend(_key(label) for label in labels[:-1] if len(label) >= MIN_NAME_CHARS)
    return [key for key in dict.fromkeys(keys) if key]


def _is_site(segment: str, keys: list[str]) -> bool:
    key = _key(segment)
    if not key:
        return True  # a bare separator run ("--", "|")
    for name in keys:
        if key == name:
            return True
        if min(len(key), len(name)) >= MIN_NAME_CHARS and (key.startswith(name) or name.startswith(key)):
            return True
    return False


def without_site_affixes(title: str, keys: list[str]) -> str:
    """Return title without leading and trailing segments that name the site."""
    parts = SEPARATOR.split(title)
    if len(parts) < 2 or not keys:
        return title
    start, end = 0, len(parts)

    def affix(part: str) -> bool:
        return len(_words(part)) <= MAX_AFFIX_WORDS and _is_site(part, keys)

    while end - start > 1 and affix(parts[end - 1]):
        end -= 1
    while end - start > 1 and affix(parts[start]):
        start += 1
    if (start, end) == (0, len(parts)):
        return title
    # Cut the original string (its own separators inside the headline stay as written).
    spans = [m.span() for m in SEPARATOR.finditer(title)]
    begin = spans[start - 1][1] if start else 0
    finish = spans[end - 1][0] if end < len(parts) else len(title)
    return title[begin:finish].strip()


def page_h1s(tree: HtmlElement) -> list[str]:
    """Return the texts of the page's h1 elements (one C-level walk), as plain lines."""
    texts = (plain_line(node.text_content()) for node in tree.iter("h1"))
    return [text for text in dict.fromkeys(texts) if text and len(_words(text)) <= MAX_H1_WORDS]


def _shown_as(title: str, h1: str, keys: list[str]) -> bool:
    """Say whether h1 is the headline that title declares (same, with affixes, cut, or mostly shared)."""
    title_key, h1_key = _key(title), _key(h1)
    if not h1_key or _is_site(h1, keys):
        return False
    if title_key == h1_key:
        return True
    parts = [_key(part) for part in SEPARATOR.split(title)]
    for k in range(1, len(parts)):
        if h1_key in ("".join(parts[:k]), "".join(parts[k:])):
            return True  # the declared title is the headline plus a date, section or name
    if h1_key.startswith(title_key):
        return len(title) >= CUT_CHARS  # the declared title was cut, or the h1 adds a subtitle or a name
    if title_key in h1_key:
        extra = h1_key.replace(title_key, "", 1)
        return not _is_site(extra, keys)  # an h1 that glues the site name on is not the better text
    h1_words = _words(h1)
    shared = set(_words(title))
    return len(h1_words) >= 3 and sum(w in shared for w in h1_words) / len(h1_words) >= MIN_OVERLAP


def choose_title(declared: str | None, fallback: str | None, h1s: list[str], keys: list[str]) -> str | None:
    """Return the headline: the h1 the declared title stands for, else the declared title without affixes."""
    title = declared or fallback
    if not title:
        return None
    for h1 in h1s:
        if _shown_as(title, h1, keys):
            return h1
    return without_site_affixes(title, keys) or title
