"""Parse page bytes or text into an lxml tree once, and pull what cleaning needs from it."""

from cssselect import GenericTranslator, SelectorError
from lxml import etree
from lxml.etree import ParserError
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from newsingest.clean.normalize import without_surrogates
from newsingest.errors import NewsingestError

# One pass over the tree (a union of paths walks it once per path): figcaptions, WordPress caption
# text, and small elements whose class names a caption.
CAPTION_XPATH = etree.XPath(
    "//*[self::figcaption or contains(@class, 'caption') and (not(descendant::p[3])"
    " or contains(concat(' ', normalize-space(@class), ' '), ' wp-caption-text '))]"
)
_translator = GenericTranslator()


def parse_html(html: str | bytes) -> HtmlElement:
    """Return the document tree of html; NewsingestError when there is no HTML to parse."""
    # trafilatura's own loader (encoding repair, its parser settings: no comment nodes, no id index), so
    # the body step sees exactly the tree plain trafilatura.extract(html) would; lxml's str parser turns
    # some byte sequences into U+FFFD that make trafilatura reject whole pages.
    if isinstance(html, str):
        # libxml2 cannot take a lone surrogate (the page would be lost) and stops reading at a NUL.
        html = without_surrogates(html).replace("\x00", "")
    try:
        tree = load_html(html)
    except (ParserError, ValueError, TypeError) as exc:
        raise NewsingestError(f"not an HTML document: {exc}") from None
    if not isinstance(tree, HtmlElement):
        raise NewsingestError("not an HTML document")
    return tree


def page_language(tree: HtmlElement) -> str:
    """Return the language the page declares on its root element ("en-US", "de"), or ""."""
    return (tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip()


def page_captions(tree: HtmlElement) -> list[str]:
    """Return the visible photo captions of the page, which bodies tend to repeat."""
    # Alt texts are not visible, so a body line equal to one is article text the image illustrates
    # (recipe steps, galleries), not a repeated caption.
    captions = [" ".join(node.text_content().split()) for node in CAPTION_XPATH(tree)]
    return [c for c in dict.fromkeys(captions) if c]


def image_texts(tree: HtmlElement) -> list[str]:
    """Return the alt and title texts of the page's images (evidence that a repeated line is a caption)."""
    texts = (
        " ".join(value.split())
        for node in tree.iter("img")  # one C-level walk; an XPath on attributes costs more
        for value in (node.get("alt"), node.get("title"))
        if value
    )
    return [t for t in dict.fromkeys(texts) if t]


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
