"""The headline as the page shows it: the declared title checked against the page's <h1>, site affixes off.

Pages declare titles for search engines and sharing ("Headline - Outlet", "Outlet | Headline", a date,
a shorter or cut variant) and print the headline itself in an <h1>. The h1 wins when it is the same
headline (typographic quotes included), when the declared title is the h1 plus an affix, when the
declared title was cut, or when most of its words are in the declared title. A site's name, tagline
and section headings are h1s too; they never share most of their words with the declared title.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from newsingest.clean.normalize import plain_line

WORD = re.compile(r"\w+")
# Separators between a headline and a site name or section: spaced punctuation (a guillemet among it),
# a bar or a full-width colon with or without spaces, a colon after a word; an unspaced hyphen between
# non-ASCII letters ("…需求-新华网"). A part is cut only when it names the site, so splitting widely is
# safe; an unspaced guillemet is a quotation mark ("«Gute Löhne» | Site").
SEPARATOR = re.compile(
    r"\s+(?:[|\-–—·•»/:~]{1,2}|::)\s+|\s*[|｜：]\s*|(?<=\s)»\s+|(?<=\w):\s+|(?<=[^\x00-\x7f])-(?=[^\x00-\x7f])"
)
MAX_AFFIX_WORDS = 6
MIN_NAME_CHARS = 4  # shorter names ("ft", "bbc") are compared whole, never as prefixes
MIN_OVERLAP = 0.5  # share of an h1's words that the declared title holds for the h1 to be its headline
CUT_CHARS = 80  # a declared title this long that the h1 extends was cut to fit a length limit
MAX_H1_WORDS = 60
MIN_PREFIX_SHARE = 0.6  # an h1's part before an inner element that holds this much of the declared title
MIN_H2_WORDS = 4  # a shorter h2 is a section or widget heading
MIN_PAGE_TITLE_SHARE = 0.4  # of the <title>'s words that an h1 matched through it holds
MIN_SLUG_WORDS = 4  # shorter slugs ("news", "index", ids) say nothing about a heading
MIN_SLUG_SHARE = 0.8  # share of the slug's words that the heading holds
UNSHOWN = {"rt", "rp", "script", "style", "noscript", "template"}  # ruby readings and code are not shown


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

    def named(run: list[str]) -> bool:
        # a site name with separators of its own ("AOC media - Analyse Opinion Critique")
        return len(_words(" ".join(run))) <= MAX_AFFIX_WORDS and _key("".join(run)) in keys

    end = next((k for k in range(1, end) if named(parts[k:end])), end)
    start = next((k for k in range(end - 1, start, -1) if named(parts[start:k])), start)
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


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of the page as shown: its text, and its text up to each inner element it holds."""

    node: HtmlElement
    text: str
    # "Headline" of <h1>Headline <span>Subtitle</span></h1> or <h1>Headline<br><span>Byline</span></h1>:
    # what precedes an inner element may be the headline alone.
    prefixes: tuple[str, ...]


def _shown_parts(node: HtmlElement) -> list[str]:
    """Return node's text in pieces split at its child elements (ruby readings, scripts left out)."""
    parts = [node.text or ""]
    for child in node:
        if isinstance(child.tag, str) and child.tag not in UNSHOWN:
            parts.append("".join(_shown_parts(child)))
        parts.append(child.tail or "")
    return parts


def _heading(node: HtmlElement) -> Heading | None:
    parts = _shown_parts(node)
    text = plain_line("".join(parts))
    if not text or len(_words(text)) > MAX_H1_WORDS:
        return None
    prefixes = (plain_line("".join(parts[:k])) for k in range(1, len(parts)))
    return Heading(node, text, tuple(p for p in dict.fromkeys(prefixes) if p and p != text))


def page_headings(tree: HtmlElement, tag: str = "h1") -> list[Heading]:
    """Return the page's headings of one level (one C-level walk), each text once."""
    found: dict[str, Heading] = {}
    for node in tree.iter(tag):
        heading = _heading(node)
        if heading is not None and heading.text not in found:
            found[heading.text] = heading
    return list(found.values())


def _shown_as(title: str, h1: str, keys: list[str], *, whole: bool = False) -> bool:
    """Say whether h1 is the headline that title declares (same, with affixes, cut, or mostly shared).

    whole: h1 is one run of text (no inner element), so a longer h1 is the headline as printed.
    """
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
        # The declared title was cut, or it is a shorter version of the headline the h1 prints in one
        # run; an h1 whose addition is an inner element (subtitle, byline) is cut there by the caller.
        if _is_site(h1_key[len(title_key) :], keys):
            return False  # an h1 that glues the site name on is not the better text
        return whole or len(title) >= CUT_CHARS
    if title_key in h1_key:
        extra = h1_key.replace(title_key, "", 1)
        return not _is_site(extra, keys)  # an h1 that glues the site name on is not the better text
    h1_words = _words(h1)
    shared = set(_words(title))
    return len(h1_words) >= 3 and sum(w in shared for w in h1_words) / len(h1_words) >= MIN_OVERLAP


def _as_shown(title: str, heading: Heading, keys: list[str]) -> str | None:
    """Return the heading's text (or its part before an inner element) that title stands for, if any."""
    title_key = _key(title)
    if _key(heading.text) == title_key:
        return heading.text
    for prefix in heading.prefixes:
        prefix_key = _key(prefix)
        # "Headline <span>Subtitle</span>" declared as "Headline", or "Headline (Photo: Agency)" declared
        # for "Headline<br><span>Editor Name</span>": the part before the inner element is the headline.
        if prefix_key == title_key or (
            len(prefix_key) >= MIN_PREFIX_SHARE * len(title_key) and title_key.startswith(prefix_key)
        ):
            return prefix
    if _shown_as(title, heading.text, keys, whole=not heading.prefixes):
        return heading.text
    return None


def _slug_words(url: str | None) -> list[str]:
    path = urlsplit(url).path if url else ""
    segment = max(path.split("/"), key=len, default="")
    return [w for w in re.split(r"[-_]+", segment.rsplit(".", 1)[0].casefold()) if w.isalpha()]


def _named_by_url(heading: Heading, slug: list[str]) -> bool:
    """Say whether the URL's slug is made of the heading's words (CMSs derive it from the headline)."""
    if len(slug) < MIN_SLUG_WORDS:
        return False
    words = set(_words(heading.text))
    return sum(w in words for w in slug) >= MIN_SLUG_SHARE * len(slug)


def choose_title(
    declared: list[str],
    fallback: str | None,
    headings: list[Heading],
    keys: list[str],
    url: str | None = None,
    subheadings: Callable[[], list[Heading]] | None = None,
    page_title: str | None = None,
) -> tuple[str | None, Heading | None]:
    """Return the headline and the heading that shows it (None when no heading does).

    The h1 one of the declared titles stands for, in order of declaration; else the h1 that holds most
    of the page's <title> (an SEO og:title may differ from the headline the <title> repeats); else the
    h1 the URL's slug was made from; else an h2 that is exactly a declared title's first part (blogs
    print the site name in the h1); else the first declared title without site affixes.
    """
    titles = declared or ([fallback] if fallback else [])
    if not titles:
        return None, None
    for title in titles:
        for heading in headings:
            if (shown := _as_shown(title, heading, keys)) is not None:
                return without_site_affixes(shown, keys), heading  # some h1s print "Title | Site"
    if page_title and declared:
        # Not the site's logo h1 that matches the <title>'s site-name affix: most of the <title>.
        least = MIN_PAGE_TITLE_SHARE * len(_words(page_title))
        for heading in headings:
            if len(_words(heading.text)) >= least and (shown := _as_shown(page_title, heading, keys)):
                return without_site_affixes(shown, keys), heading
    slug = _slug_words(url)
    for heading in headings:
        if not _is_site(heading.text, keys) and _named_by_url(heading, slug):
            return without_site_affixes(heading.text, keys), heading
    for heading in subheadings() if subheadings else ():
        # A blog's post title: an h2 that is the declared title's part before its first separator.
        if len(_words(heading.text)) >= MIN_H2_WORDS and any(
            _key(heading.text) == _key(SEPARATOR.split(title)[0]) for title in titles
        ):
            return heading.text, heading
    return without_site_affixes(titles[0], keys) or titles[0], None
