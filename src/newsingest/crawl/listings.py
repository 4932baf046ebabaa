"""Listing pages (section fronts, archives): links whose URL matches the source's article pattern."""

import re

from lxml import html as lxml_html
from lxml.etree import ParserError

from newsingest.crawl.entries import Entry, resolve_link
from newsingest.dedup.urls import BadURL
from newsingest.sources.patterns import article_match


def parse_listing(body: bytes, base_url: str, article_pattern: str) -> list[Entry]:
    """Return the article links of a listing page, in page order, without repeats."""
    try:
        tree = lxml_html.document_fromstring(body)
    except (ParserError, ValueError):
        return []
    pattern = re.compile(article_pattern)
    urls: dict[str, None] = {}
    for href in tree.xpath("//a/@href"):
        url = resolve_link(base_url, str(href)).split("#", 1)[0]
        try:
            matched = article_match(pattern, url)
        except BadURL:
            # Unusable, yet shaped like an article: hand it on as written so the spider records it.
            matched = bool(pattern.search(url))
        if matched:
            urls.setdefault(url)
    return [Entry(url) for url in urls]
