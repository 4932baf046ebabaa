"""Listing pages (section fronts, archives): links whose URL matches the source's article pattern."""

import re
from urllib.parse import urljoin

from lxml import html as lxml_html
from lxml.etree import ParserError

from newsingest.crawl.entries import Entry


def parse_listing(body: bytes, base_url: str, article_pattern: str) -> list[Entry]:
    """Return the article links of a listing page, in page order, without repeats."""
    try:
        tree = lxml_html.document_fromstring(body)
    except (ParserError, ValueError):
        return []
    pattern = re.compile(article_pattern)
    urls: dict[str, None] = {}
    for href in tree.xpath("//a/@href"):
        url = urljoin(base_url, str(href).strip()).split("#", 1)[0]
        if pattern.search(url):
            urls.setdefault(url)
    return [Entry(url) for url in urls]
