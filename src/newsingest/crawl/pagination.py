"""Find the "next page" link of a listing or archive page."""

import re
from urllib.parse import urljoin

from lxml import html as lxml_html
from lxml.etree import ParserError

NEXT_TEXT = re.compile(
    r"^\s*(next|older|more|next page|older (posts|entries|articles)|weiter|nächste|suivant|siguiente|"
    r"successivo|następna|próxima)\b|^\s*(›|»|→)\s*$",
    re.IGNORECASE,
)


def next_page(body: bytes, base_url: str) -> str | None:
    """Return the absolute URL of the page after this one, or None."""
    try:
        tree = lxml_html.document_fromstring(body)
    except (ParserError, ValueError):
        return None
    rel_next = tree.xpath('//link[@rel="next"]/@href | //a[contains(concat(" ", @rel, " "), " next ")]/@href')
    if rel_next:
        return urljoin(base_url, str(rel_next[0]).strip())
    for anchor in tree.xpath("//a[@href]"):
        classes = anchor.get("class", "")
        if NEXT_TEXT.search(anchor.text_content() or "") or "next" in classes.split():
            return urljoin(base_url, str(anchor.get("href")).strip())
    return None
