"""Safe XML parsing for feeds and sitemaps: no entity expansion, no network, bounded trees."""

import re

from lxml import etree

# Feeds and sitemaps never need a DTD. Dropping it leaves entity references undefined, so recovery
# parses on past them; with the DTD, libxml2 stops at an amplification attack and loses later items.
DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*(\[.*?\]\s*)?>", re.DOTALL | re.IGNORECASE)
PROLOG_BYTES = 65536

_PARSER_OPTIONS = {
    "resolve_entities": False,  # billion-laughs and external entities stay unexpanded
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "recover": True,  # real feeds are often slightly broken; take what parses
    "remove_comments": True,
    "remove_pis": True,
}


def parse_xml(body: bytes) -> etree._Element | None:
    """Return the root element of body, or None when nothing parses."""
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    if b"<!doctype" in body[:PROLOG_BYTES].lower():
        body = DOCTYPE.sub(b"", body, count=1)
    try:
        root = etree.fromstring(body.lstrip(), parser=parser)
    except etree.XMLSyntaxError:
        return None
    return root


def local_name(element: etree._Element) -> str:
    """Return the tag of element without its namespace, lowercased."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def element_text(element: etree._Element) -> str | None:
    """Return the stripped text of element, nested text included, or None when it is blank."""
    # itertext, not .text: a comment or a second CDATA section splits .text and would cut a URL short.
    text = "".join(t for t in element.itertext() if isinstance(t, str)).strip()
    return text or None


def child_text(element: etree._Element, *names: str) -> str | None:
    """Return the stripped text of the first child whose local name is one of names."""
    for child in element:
        if local_name(child) in names and (text := element_text(child)):
            return text
    return None
