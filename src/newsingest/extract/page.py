"""Parse page bytes or text into an lxml tree once, and pull what cleaning needs from it."""

from cssselect import GenericTranslator, SelectorError
from lxml import etree
from lxml.etree import ParserError
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction, fromstring
from trafilatura.utils import decode_file, is_dubious_html, repair_faulty_html

from newsingest.clean.normalize import without_surrogates
from newsingest.errors import NewsingestError

# One pass over the tree (a union of paths walks it once per path): figcaptions, WordPress caption
# text, and small elements whose class names a caption.
CAPTION_XPATH = etree.XPath(
    "//*[self::figcaption or contains(@class, 'caption') and (not(descendant::p[3])"
    " or contains(concat(' ', normalize-space(@class), ' '), ' wp-caption-text '))]"
)
_translator = GenericTranslator()


def _parser() -> etree.HTMLParser:
    """Return trafilatura's parser settings with elements classed in C rather than by a Python call.

    lxml.html's parser asks a Python method for the class of every element it hands out (form, input,
    label... get their own); trafilatura's steps touch ~2,900 elements a page, ~0.7 ms of calls. Nothing
    downstream uses those form classes: every element is a plain HtmlElement.
    """
    parser = etree.HTMLParser(
        collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True
    )
    lookup = etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
    )
    parser.set_element_class_lookup(lookup)
    return parser


_PARSER = _parser()


def _from_bytes(html: str) -> HtmlElement | None:
    try:
        tree: HtmlElement = fromstring(html.encode("utf8", "surrogatepass"), parser=_PARSER)
    except (etree.LxmlError, ValueError, TypeError):
        return None
    return tree


def _load_html(html: str | bytes) -> HtmlElement | None:
    """Return the tree trafilatura's load_html builds from html (same repairs and passes), or None."""
    text = decode_file(html)
    beginning = text[:50].lower()
    dubious = is_dubious_html(beginning)
    text = repair_faulty_html(text, beginning)
    tree: HtmlElement | None
    from_text = True
    try:
        tree = fromstring(text, parser=_PARSER)
    except ValueError:  # "Unicode strings with encoding declaration are not supported."
        tree, from_text = _from_bytes(text), False
    except (etree.LxmlError, TypeError):  # "Document is empty": the bytes pass below decides
        tree = None
    if (tree is None or len(tree) < 1) and from_text:
        tree = _from_bytes(text)
    if tree is not None and dubious and len(tree) < 2:
        return None  # not (well-formed) HTML at all
    return tree


def parse_html(html: str | bytes) -> HtmlElement:
    """Return the document tree of html; NewsingestError when there is no HTML to parse."""
    # trafilatura's loading steps (encoding repair, its parser settings: no comment nodes, no id index), so
    # the body step sees exactly the tree plain trafilatura.extract(html) would; lxml's str parser turns
    # some byte sequences into U+FFFD that make trafilatura reject whole pages.
    if isinstance(html, str):
        # libxml2 cannot take a lone surrogate (the page would be lost) and stops reading at a NUL.
        html = without_surrogates(html).replace("\x00", "")
    try:
        tree = _load_html(html)
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


def parsed_here(tree: HtmlElement) -> bool:
    """Say whether tree (or a copy of it, or a part of either) comes from parse_html."""
    return tree.getroottree().parser is _PARSER
