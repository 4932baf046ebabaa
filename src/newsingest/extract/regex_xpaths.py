"""trafilatura's costliest content XPaths answered by one walk in Python, each regex once per value.

lxml answers an EXSLT re:test by calling Python for every element its predicate meets, and walks the
tree through XPath's node sets (body selection, section pruning, comment pruning: ~3.5 ms a page).
Here each of those expressions is its predicate over lxml's tag-filtered iteration, with every
re:test a cached re.search of the same attribute value: the same elements, in the same order.
"""

import re
from collections.abc import Callable, Iterable
from importlib import import_module
from typing import Any

from lxml import etree
from lxml.etree import XPath
from lxml.html import HtmlElement

from newsingest.extract.page import parsed_here

_RE_TEST = re.compile(r"re:test\((@[a-z]+(?:\|@[a-z]+)?), '([^']*)'(?:, '([a-z]*)')?\)")
_CACHE_LIMIT = 100_000  # answers kept per pattern, across the pages of a crawl

_main_extractor = import_module("trafilatura.main_extractor")
_external = import_module("trafilatura.external")
_xpaths = import_module("trafilatura.xpaths")


class _Search:
    """re:test(ATTR, PATTERN[, FLAGS]) on an attribute value (None when absent), cached per value."""

    def __init__(self, argument: str, pattern: str, flags: str) -> None:
        self.argument = argument
        # lxml compiles with re.UNICODE, and IGNORECASE for an "i" flag
        self.regex = re.compile(pattern, re.UNICODE | (re.IGNORECASE if "i" in flags else 0))
        # an absent attribute is the empty string to re:test; None stands for it only if that fails
        if self.regex.search(""):
            raise ValueError(f"pattern matches the empty string: {pattern!r}")
        self.answers: dict[str, bool] = {}

    def __call__(self, value: str | None) -> bool:
        if value is None:
            return False
        answer = self.answers.get(value)
        if answer is None:
            if len(self.answers) > _CACHE_LIMIT:
                self.answers.clear()
            answer = self.answers[value] = self.regex.search(value) is not None
        return answer


def searches(xpath: XPath) -> list[_Search]:
    """Return the re:test calls of xpath, in the order they appear."""
    return [_Search(arg, pattern, flags) for arg, pattern, flags in _RE_TEST.findall(xpath.path)]


def _first(element: HtmlElement, one: str, other: str) -> str | None:
    """Return the value of whichever of two attributes comes first in the source: XPath's @a|@b."""
    first: str | None = element.get(one)
    second: str | None = element.get(other)
    if first is None or second is None:
        return second if first is None else first
    return first if next(k for k in element.attrib if k in (one, other)) == one else second


_Predicate = Callable[[HtmlElement], bool]


class PythonXPath:
    """One of trafilatura's XPaths, called like it, answered by a predicate over lxml's iteration.

    Trees newsingest did not parse (plain trafilatura calls in the same process) get the original.
    """

    def __init__(
        self,
        original: XPath,
        tags: tuple[str, ...],
        predicate: _Predicate,
        select: Callable[[Iterable[HtmlElement]], list[HtmlElement]] = list,
    ) -> None:
        self.original = original
        self.path: str = original.path
        self._tags: tuple[Any, ...] = tags or (etree.Element,)  # "*": elements only
        self._predicate = predicate
        self._select = select

    def __call__(self, tree: HtmlElement) -> Any:
        """Return what the original expression returns for tree."""
        if not parsed_here(tree):
            return self.original(tree)
        predicate = self._predicate
        return self._select(e for e in tree.iterdescendants(*self._tags) if predicate(e))

    def __str__(self) -> str:
        return self.path


def _first_only(elements: Iterable[HtmlElement]) -> list[HtmlElement]:
    """(.//*[...])[1]: the first match in document order."""
    return next(([element] for element in elements), [])


def _first_of_each_parent(elements: Iterable[HtmlElement]) -> list[HtmlElement]:
    """.//*[...][1]: the first match among each parent's children."""
    parents: set[Any] = set()
    chosen = []
    for element in elements:
        parent = element.getparent()
        if parent not in parents:
            parents.add(parent)
            chosen.append(element)
    return chosen


_ARTICLE_TAGS = ("article", "div", "main", "section")


def _body_0() -> PythonXPath:
    original = _xpaths.BODY_XPATH[0]
    by_id, by_class = searches(original)

    def predicate(e: HtmlElement) -> bool:
        id_, class_ = e.get("id"), e.get("class")
        return (
            class_ in ("post", "entry")
            or e.get("itemprop") == "articleBody"
            or id_ == "articleContent"
            or by_id(id_)
            or by_class(class_)
        )

    return PythonXPath(original, _ARTICLE_TAGS, predicate, _first_of_each_parent)


def _body_2() -> PythonXPath:
    original = _xpaths.BODY_XPATH[2]
    by_id, fulltext, by_class = searches(original)
    classes = ("postarea", "art-postcontent", "text", "cell", "story")

    def predicate(e: HtmlElement) -> bool:
        id_, class_ = e.get("id"), e.get("class")
        return (
            e.get("role") == "article"
            or id_ in ("article", "story")
            or class_ in classes
            or by_id(id_)
            or fulltext(class_)
            or by_class(class_)
        )

    return PythonXPath(original, _ARTICLE_TAGS, predicate, _first_only)


def _body_3() -> PythonXPath:
    original = _xpaths.BODY_XPATH[3]
    by_id, by_class = searches(original)
    cm, cp = str.maketrans("CM", "cm"), str.maketrans("CP", "cp")

    def predicate(e: HtmlElement) -> bool:
        id_, class_ = e.get("id"), e.get("class")
        return (
            id_ == "content"
            or class_ == "content"
            or by_id(id_)
            or by_class(class_)
            or (id_ is not None and "main-content" in id_.translate(cm))
            or (class_ is not None and "main-content" in class_.translate(cm))
            or (class_ is not None and "page-content" in class_.translate(cp))
        )

    return PythonXPath(original, _ARTICLE_TAGS, predicate, _first_only)


_SECTION_TAGS = ("div", "item", "list", "p", "section", "span")


def _overall_0() -> PythonXPath:
    original = _xpaths.OVERALL_DISCARD_XPATH[0]
    first_of, by_id, by_class = searches(original)

    def predicate(e: HtmlElement) -> bool:
        role, component = e.get("role"), e.get("data-component")
        return (
            e.get("data-lp-replacement-content") is not None
            or (role is not None and "nav" in role.replace("N", "n"))
            or (component is not None and "MostPopularStories" in component)
            or first_of(_first(e, "id", "class"))
            or by_id(e.get("id"))
            or by_class(e.get("class"))
        )

    return PythonXPath(original, _SECTION_TAGS, predicate)


def _overall_1() -> PythonXPath:
    original = _xpaths.OVERALL_DISCARD_XPATH[1]
    hidden, by_id, by_class = searches(original)

    def predicate(e: HtmlElement) -> bool:
        get = e.get
        if get("id") is None and get("class") is None and get("style") is None:
            return bool(get("aria-hidden") == "true")  # every other branch reads one of the three
        class_, style = get("class"), get("style")
        reply = _first(e, "id", "class")
        return (
            class_ == "comments-title"
            or (reply is not None and reply.startswith("reply-"))
            or hidden(_first(e, "id", "style"))
            or (style is not None and ("display:none" in style or "display: none" in style))
            or by_id(get("id"))
            or by_class(class_)
            or get("aria-hidden") == "true"
        )

    return PythonXPath(original, (), predicate)


def _comments(original: XPath, tags: tuple[str, ...]) -> PythonXPath:
    """REMOVE_COMMENTS_XPATH, or with ol/ul lists (two more searches) REMOVE_COMMENTS_AND_LISTS_XPATH."""
    tests = searches(original)
    by_id, by_class = tests[:2]

    def predicate(e: HtmlElement) -> bool:
        return by_id(e.get("id")) or by_class(e.get("class"))

    if len(tests) == 2:
        return PythonXPath(original, tags, predicate)
    list_id, list_class = tests[2:]

    def with_lists(e: HtmlElement) -> bool:
        return predicate(e) and (
            e.tag not in ("ol", "ul") or list_id(e.get("id")) or list_class(e.get("class"))
        )

    return PythonXPath(original, tags, with_lists)


BODY: list[Any] = [_body_0(), _xpaths.BODY_XPATH[1], _body_2(), _body_3(), *_xpaths.BODY_XPATH[4:]]
OVERALL_DISCARD: list[Any] = [_overall_0(), _overall_1(), *_xpaths.OVERALL_DISCARD_XPATH[2:]]
REMOVE_COMMENTS: list[Any] = [
    _comments(_xpaths.REMOVE_COMMENTS_XPATH[0], ("div", "list", "section", "details"))
]
REMOVE_COMMENTS_AND_LISTS: list[Any] = [
    _comments(_xpaths.REMOVE_COMMENTS_AND_LISTS_XPATH[0], ("div", "list", "section", "details", "ol", "ul"))
]


def install() -> None:
    """Route trafilatura's body selection and section pruning (and readability's input) here.

    Each expression still answers trafilatura's own way for trees newsingest did not parse.
    """
    for module, name, xpaths in (
        (_main_extractor, "BODY_XPATH", BODY),
        (_main_extractor, "OVERALL_DISCARD_XPATH", OVERALL_DISCARD),
        (_external, "OVERALL_DISCARD_XPATH", OVERALL_DISCARD),
    ):
        setattr(module, name, xpaths)
