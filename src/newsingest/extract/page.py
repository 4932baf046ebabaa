"""Parse page bytes or text into an lxml tree once, and pull what cleaning needs from it."""

import re

from cssselect import GenericTranslator, SelectorError
from lxml import html as lxml_html
from lxml.etree import ParserError
from lxml.html import HtmlElement

from newsingest.errors import NewsingestError

CAPTION_XPATH = (
    "//figcaption | //*[contains(concat(' ', normalize-space(@class), ' '), ' wp-caption-text ')]"
    " | //*[contains(@class, 'caption') and not(descendant::p[3])]"
)
MIN_ALT_WORDS = 6  # short alt texts ("logo", a name) are not captions
_translator = GenericTranslator()
# trafilatura's own parser settings: without comment and processing-instruction nodes its passes over
# the tree run faster, and ids are not indexed because nothing looks them up.
PARSER = lxml_html.HTMLParser(collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True)


def parse_html(html: str | bytes) -> HtmlElement:
    """Return the document tree of html; NewsingestError when there is no HTML to parse."""
    if isinstance(html, str):
        # lxml refuses str input that declares an encoding; the text is already decoded.
        html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    try:
        tree = lxml_html.document_fromstring(html, parser=PARSER)
    except (ParserError, ValueError) as exc:
        raise NewsingestError(f"not an HTML document: {exc}") from None
    return tree


def page_captions(tree: HtmlElement) -> list[str]:
    """Return the photo captions and long alt texts of the page, which bodies tend to repeat."""
    captions = [" ".join(node.text_content().split()) for node in tree.xpath(CAPTION_XPATH)]
    captions += [
        " ".join(alt.split()) for alt in tree.xpath("//img/@alt") if len(alt.split()) >= MIN_ALT_WORDS
    ]
    return [c for c in dict.fromkeys(captions) if c]


def drop_selectors(tree: HtmlElement, selectors: list[str]) -> dict[str, int]:
    """Remove the elements matching each CSS selector; return how many each removed."""
    removed: dict[str, int] = {}
    for selector in selectors:
        try:
            xpath = _translator.css_to_xpath(selector)
        except SelectorError as exc:
            raise NewsingestError(f"invalid CSS selector {selector!r}: {exc}") from None
        nodes = tree.xpath(xpath)
        for node in nodes:
            node.drop_tree()
        if nodes:
            removed[f"selector:{selector}"] = len(nodes)
    return removed
