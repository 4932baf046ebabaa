"""Cheap fallbacks for metadata a page does not declare: headline, byline, tags, site name, dates.

trafilatura's full metadata pass (extensive htmldate search, its author heuristics) costs more than the
body extraction itself, so only these bounded look-ups run, and only for fields the page left out.
"""

import re

from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.metadata import extract_sitename, extract_title

from newsingest.clean.words import count_words

# Only markup that declares authorship (class-name heuristics over every element cost ~2 ms a page):
# itemprop=author elements, rel=author links and links to an author's page (/author/, /autor/, /auteur/,
# /staff/; two paths: the fastest of the forms tried).
BYLINE_XPATH = etree.XPath(
    '//*[@itemprop="author"] | //a[@rel="author" or contains(@href, "/author/") or contains(@href, "/autor/")'
    ' or contains(@href, "/auteur/") or contains(@href, "/staff/")]'
)
NAME_XPATH = etree.XPath('.//*[@itemprop="name"]')
TAG_XPATH = '//a[@rel="tag"]'
# Elements whose class names a byline, outer ones first: "By Jane Doe and John Roe", "Par A et B";
# "submitted" (Drupal's "Submitted by …" line) and "firma" (the signature in Italian and Spanish).
# Selecting the class attributes first walks the tree twice as fast as testing every element.
CLASS_BYLINE_XPATH = etree.XPath(
    "//@class[contains(., 'byline') or contains(., 'author') or contains(., 'auteur')"
    " or contains(., 'autor') or contains(., 'submitted') or contains(., 'firma')]/.."
)
# Containers whose bylines belong to other texts: reader comments, sidebars, related-story teasers and
# cards (an article's own byline sits in its header or footer).
ELSEWHERE_TAGS = {"aside", "nav"}
# One class or id token naming such a container: "comments", "teaser-item-list", "entry__related", "card".
# Layout words ("sidebar", "widget") are left out: pages wrap their main column in "content-sidebar-wrap".
ELSEWHERE = re.compile(r"^aside$|(?:^|[-_])(?:related|teaser|recommend\w*|card)(?:$|[-_])", re.IGNORECASE)
MAX_BYLINE_NODES = 60  # menus and teaser lists mark their dates and names so too
MAX_BYLINE_WORDS = 12
MAX_LISTED = 4  # more byline links than this are a list of the site's columnists, not one article's
MAX_NAME_WORDS = 6  # a byline link holding more words is a sentence, not a name
MAX_TAGS = 30


def headline(tree: HtmlElement) -> str | None:
    """Return the page's single <h1>, or its <title> without the site suffix."""
    return extract_title(tree) or None


def _elsewhere(node: HtmlElement, *, asides: bool = True) -> bool:
    """Say whether node sits in reader comments, an aside, a menu or another article's teaser or card.

    asides=False: an <aside>, <nav> or comment container does not count (microdata's author of the
    page's own item may sit in an article's aside).
    """
    for ancestor in node.iterancestors():
        if ancestor.tag in ("body", "html"):
            return False  # their classes describe the whole page ("has-comments")
        names = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"
        if asides and (ancestor.tag in ELSEWHERE_TAGS or "comment" in names):
            return True
        if names.strip() and any(map(ELSEWHERE.search, names.split())):
            return True
    return False


def class_bylines(tree: HtmlElement) -> list[str]:
    """Return short texts of elements whose class names a byline or an author, in document order.

    Bylines of reader comments, asides, menus and teasers are left out; the caller takes the first that
    names people, since later ones are the bylines of related articles or lists of the site's authors.
    """
    found: list[str] = []
    for node in CLASS_BYLINE_XPATH(tree)[:MAX_BYLINE_NODES]:
        text = " ".join(node.text_content().split())
        if text and text not in found and count_words(text) <= MAX_BYLINE_WORDS and not _elsewhere(node):
            found.append(text)
    return found


def byline_names(tree: HtmlElement) -> list[str]:
    """Return author names marked up as such in the page (rel=author, itemprop=author, byline links)."""
    names: list[str] = []
    for node in BYLINE_XPATH(tree)[:10]:
        if _elsewhere(node, asides=False):
            continue
        # An itemprop=author element may wrap the name with a role, photo or bio: take its name part.
        parts = (NAME_XPATH(node) if node.get("itemprop") == "author" else None) or [node]
        for part in parts:
            name = " ".join(part.text_content().split())
            if name and count_words(name) <= MAX_NAME_WORDS and name not in names:
                names.append(name)
    # The article's own byline comes first in document order, before lists of the site's authors.
    return names[:1] if len(names) > MAX_LISTED else names


def tag_links(tree: HtmlElement) -> list[str]:
    """Return the text of rel=tag links (WordPress and most blog engines mark tags so)."""
    tags = [" ".join(node.text_content().split()) for node in tree.xpath(TAG_XPATH)[:MAX_TAGS]]
    return list(dict.fromkeys(tag for tag in tags if tag))


def site_name(tree: HtmlElement) -> str | None:
    """Return the site name trafilatura reads from the <title> element, if any."""
    return extract_sitename(tree) or None


def htmldate_date(tree: HtmlElement, url: str | None, *, original: bool) -> str | None:
    """Return htmldate's publication (original) or last-change date in its fast mode (markup, URL)."""
    # extensive_search (free-text patterns, dateparser) costs ~15 ms a page; markup and URL suffice.
    found = find_date(tree, extensive_search=False, original_date=original, url=url)
    return found or None
