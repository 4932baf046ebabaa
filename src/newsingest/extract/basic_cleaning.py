"""trafilatura's basic cleaning (page-length measure, jusText's input) without a Python call per element.

trafilatura selects cookie banners with an EXSLT regular expression in its XPath, which lxml answers by
calling Python for every element of the page (~3 ms a page, two thirds of the page-length measure its
recall escalation takes on half of all pages). Here the expression meets each distinct class and id
once: the same elements are removed.
"""

import re
from collections.abc import Callable
from importlib import import_module

import trafilatura.external as _external
from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura.settings import _COOKIE_CONSENT_RE
from trafilatura.xml import delete_element

from newsingest.extract.page import parsed_here

# The package exports a function named baseline, which hides the module of that name as an attribute.
_baseline = import_module("trafilatura.baseline")

# BASIC_CLEAN_XPATH's branches without the regular expression, verbatim.
_PLAIN = XPath(
    ".//aside|.//div[contains(@class|@id, 'footer')]|.//fencedframe|.//footer|.//script|.//style|.//svg"
    "|.//template"
)
_COOKIE_CONSENT = re.compile(_COOKIE_CONSENT_RE, re.IGNORECASE)
# The expression is lowercase ASCII: over a lowercased string it matches without IGNORECASE (5x faster),
# except where IGNORECASE lets a non-ASCII letter stand for an ASCII one that lower() does not give.
_LOWERCASE_CONSENT = re.compile(_COOKIE_CONSENT_RE)
_FOLDED_APART = ("\u0130", "\u0131", "\u017f")  # İ ı ſ match i, i, s (Kelvin K lowercases to k)
_CLASSES_AND_IDS = XPath(".//*/@class|.//*/@id", smart_strings=False)
_NAMED = XPath(".//*[@class = $value or @id = $value]")


def _banners(tree: HtmlElement) -> list[HtmlElement]:
    """Return the elements whose class or id the cookie-banner expression matches."""
    # One search over every class and id at once (the expression never matches a newline, so a match
    # lies within one value); most pages have none, and the few that do look up only those values.
    values: list[str] = _CLASSES_AND_IDS(tree)
    joined = "\n".join(values)
    unfolded = not any(letter in joined for letter in _FOLDED_APART)
    if unfolded and not _LOWERCASE_CONSENT.search(joined.lower()):
        return []
    matching = dict.fromkeys(value for value in values if _COOKIE_CONSENT.search(value))
    return [element for value in matching for element in _NAMED(tree, value=value)]


def basic_cleaning(tree: HtmlElement) -> HtmlElement:
    """Remove what trafilatura's basic_cleaning removes from tree; return tree."""
    # Removal keeps each element's tail, so the order of removals does not change the tree left.
    doomed = dict.fromkeys(_PLAIN(tree))
    doomed.update(dict.fromkeys(_banners(tree)))
    for element in doomed:
        delete_element(element)
    return tree


_original: Callable[[HtmlElement], HtmlElement] = _baseline.basic_cleaning


def _dispatch(tree: HtmlElement) -> HtmlElement:
    """trafilatura's basic_cleaning, answered here for the trees newsingest parsed."""
    return basic_cleaning(tree) if parsed_here(tree) else _original(tree)


def install() -> None:
    """Route trafilatura's basic_cleaning (html2txt, baseline, jusText) here for newsingest's trees.

    Other callers in the process (the evaluation's plain trafilatura runs) keep trafilatura's own.
    """
    for module in (_baseline, _external):
        setattr(module, "basic_cleaning", _dispatch)  # noqa: B010 -- mypy: not an exported name
