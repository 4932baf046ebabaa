"""Find the "next page" link of a listing or archive page."""

import re
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html
from lxml.etree import ParserError

NEXT_TEXT = re.compile(
    r"^\s*(next|older|more|next page|older (posts|entries|articles)|weiter|nächste|suivant|siguiente|"
    r"successivo|następna|próxima)\b|^\s*(›|»|→)\s*$",
    re.IGNORECASE,
)


def _absolute(base_url: str, href: object) -> str | None:
    try:
        url = urljoin(base_url, str(href).strip())
        urlsplit(url).port  # noqa: B018 - reading the port is what validates it
    except ValueError:
        return None  # a malformed "next" link is no next page; another candidate may be
    return url


def next_page(body: bytes, base_url: str) -> str | None:
    """Return the absolute URL of the page after this one, or None."""
    try:
        tree = lxml_html.document_fromstring(body)
    except (ParserError, ValueError):
        return None
    rel_next = tree.xpath('//link[@rel="next"]/@href | //a[contains(concat(" ", @rel, " "), " next ")]/@href')
    for href in rel_next:
        if url := _absolute(base_url, href):
            return url
    for anchor in tree.xpath("//a[@href]"):
        classes = anchor.get("class", "")
        is_next = NEXT_TEXT.search(anchor.text_content() or "") or "next" in classes.split()
        if is_next and (url := _absolute(base_url, anchor.get("href"))):
            return url
    return None
