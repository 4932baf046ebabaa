"""RSS and Atom feeds: article links and their publication dates."""

from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

from lxml import etree

from newsingest.crawl.entries import Entry
from newsingest.crawl.xml import child_text, local_name, parse_xml
from newsingest.dates import parse_date


def _rss_date(text: str | None) -> object:
    if not text:
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return text  # some feeds put ISO dates in pubDate


def _atom_link(entry: etree._Element) -> str | None:
    fallback = None
    for child in entry:
        if local_name(child) == "link" and child.get("href"):
            rel = child.get("rel", "alternate")
            if rel == "alternate":
                return str(child.get("href"))
            fallback = fallback or str(child.get("href"))
    return fallback


def parse_feed(body: bytes, base_url: str) -> list[Entry]:
    """Return the entries of an RSS 2.0, RSS 1.0 or Atom document (empty when it is not a feed)."""
    root = parse_xml(body)
    if root is None:
        return []
    entries: list[Entry] = []
    for element in root.iter():
        name = local_name(element)
        if name == "item":
            link = child_text(element, "link")
            guid = next((c for c in element if local_name(c) == "guid"), None)
            if not link and guid is not None and guid.get("isPermaLink", "true") != "false":
                link = (guid.text or "").strip() or None
            date = _rss_date(child_text(element, "pubdate", "date", "published", "updated"))
        elif name == "entry":
            link = _atom_link(element)
            date = child_text(element, "published", "updated", "issued")
        else:
            continue
        if link:
            entries.append(Entry(urljoin(base_url, link), parse_date(date)))
    return entries
