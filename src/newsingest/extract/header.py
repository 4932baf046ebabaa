"""The article header as readers see it: the short texts a page prints right after its headline.

Bylines, datelines and "published on" lines follow the headline; the page's own header (a banner with
today's date, menus) comes before it and is never read. Long texts are the article itself (a date in a
sentence is an event, not the publication) and hidden elements are not shown.
"""

import re
from collections.abc import Iterator

from lxml.html import HtmlElement

MAX_CHARS = 600  # of header text after the headline
MAX_PIECE_CHARS = 100  # a longer text is a paragraph of the article (or the standfirst)
MAX_LONG = 3  # paragraphs passed: the header (standfirst, caption, byline) is over
MAX_PIECES = 150  # texts looked at, shown or not (menus of empty elements)
UNSHOWN = {"script", "style", "noscript", "template", "svg", "button", "select", "option"}
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Machine-readable publication dates in the markup of the header: <time datetime>, microdata, RDFa.
DATE_NAMES = {
    "datepublished",
    "dc:date",
    "dc:created",
    "dcterms:created",
    "dcterms:issued",
    "article:published_time",
}


def _hidden(node: HtmlElement) -> bool:
    return (
        node.get("hidden") is not None
        or node.get("aria-hidden") == "true"
        or bool(HIDDEN_STYLE.search(node.get("style") or ""))
    )


def _declared_date(node: HtmlElement) -> str | None:
    if node.tag == "time":
        return str(node.get("datetime")) if node.get("datetime") is not None else None
    name = str(node.get("itemprop") or node.get("property") or "").casefold()
    value = node.get("content") or node.get("datetime")
    return str(value) if name in DATE_NAMES and value is not None else None


def _texts(node: HtmlElement) -> Iterator[str]:
    """Yield node's shown texts in document order (its tail excluded), dates of its markup first."""
    if not isinstance(node.tag, str) or node.tag in UNSHOWN or _hidden(node):
        return
    if (declared := _declared_date(node)) is not None:
        yield declared
    yield node.text or ""
    for child in node:
        yield from _texts(child)
        yield child.tail or ""


def _following(node: HtmlElement) -> Iterator[str]:
    """Yield the shown texts after node in document order, up to the end of the page."""
    current: HtmlElement | None = node
    while current is not None:
        yield current.tail or ""
        for sibling in current.itersiblings():
            yield from _texts(sibling)
            yield sibling.tail or ""
        current = current.getparent()
        if current is not None and current.tag == "body":
            return


def header_text(heading: HtmlElement) -> str:
    """Return the short texts shown after the heading (one a line), up to MAX_CHARS characters."""
    lines: list[str] = []
    size = long = 0
    for count, text in enumerate(_following(heading)):
        if count >= MAX_PIECES:
            break
        line = " ".join(text.split())
        if not line:
            continue
        if len(line) > MAX_PIECE_CHARS:
            long += 1
            if long >= MAX_LONG:
                break
            line = ""  # the article's text: a date in it is an event; keep the lines apart
        lines.append(line)
        size += len(line) + 1
        if size >= MAX_CHARS:
            break
    return "\n".join(lines)
