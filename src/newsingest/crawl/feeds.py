"""RSS, RDF, Atom and CDF feeds: article links and their publication dates."""

from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from lxml import etree

from newsingest.crawl.entries import Entry, entry_date, resolve_link
from newsingest.crawl.xml import child_text, element_text, local_name, parse_xml

XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"
# Atom 1.0 allows registered relations as full IRIs (RFC 4287 section 4.2.7.2).
IANA_REL = "http://www.iana.org/assignments/relation/"
# Links of an entry that never lead to the entry's own page: media, the feed itself, other sites.
NOT_THE_ARTICLE = {
    "enclosure",
    "self",
    "edit",
    "edit-media",
    "replies",
    "license",
    "via",
    "related",
    "payment",
    "hub",
    "first",
    "last",
    "next",
    "previous",
    "prev",
}
HTML_TYPES = {"", "text/html", "application/xhtml+xml"}
RSS_DATES = ("pubdate", "date", "published", "issued", "created", "updated", "modified")
ATOM_DATES = ("published", "issued", "created", "updated", "modified")


def _date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        parsed: object = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        parsed = text  # some feeds put ISO dates in pubDate
    return entry_date(parsed)


def _first_date(element: etree._Element, names: tuple[str, ...]) -> datetime | None:
    """Return the first parseable date among element's children, in the priority order of names."""
    for name in names:
        date = _date(child_text(element, name))
        if date is not None:
            return date
    return None


def _base(element: etree._Element, document_url: str) -> str:
    """Return the base URL of element: the document's, refined by every xml:base on the way down."""
    chain = [e.get(XML_BASE) for e in (element, *element.iterancestors())]
    base = document_url
    for value in reversed(chain):
        if value is None or not value.strip():
            continue
        try:
            joined = urljoin(base, value.strip())
            urlsplit(joined).port  # noqa: B018 - reading the port is what validates it
        except ValueError:
            continue  # a malformed xml:base is ignored, as if it were absent
        base = joined
    return base


def _rel(link: etree._Element) -> str:
    rel = (link.get("rel") or "alternate").strip().lower()
    return rel.removeprefix(IANA_REL)


def _atom_link(entry: etree._Element) -> tuple[etree._Element, str] | None:
    """Return the link element and URL of an entry's own page: its HTML alternate link first."""
    alternates: list[tuple[etree._Element, str]] = []
    others: list[tuple[etree._Element, str]] = []
    for child in entry:
        if local_name(child) != "link":
            continue
        # Atom 1.0 puts the URL in href; Atom 0.3 feeds in the wild put it in the element's text.
        url = (child.get("href") or element_text(child) or "").strip()
        if not url:
            continue
        rel = _rel(child)
        if "alternate" in rel.split():
            alternates.append((child, url))
        elif not set(rel.split()) & NOT_THE_ARTICLE:
            others.append((child, url))
    html = [a for a in alternates if (a[0].get("type") or "").strip().lower() in HTML_TYPES]
    for candidates in (html, alternates, others):
        if candidates:
            return candidates[0]
    return None


def _attribute(element: etree._Element, name: str) -> str | None:
    """Return an attribute by local name, any case (CDF writes HREF)."""
    for key, value in element.attrib.items():
        if str(key).rsplit("}", 1)[-1].lower() == name and str(value).strip():
            return str(value).strip()
    return None


def _item_link(item: etree._Element) -> tuple[etree._Element, str] | None:
    """Return the element holding an RSS, RDF or CDF item's link, and the link."""
    for child in item:
        if local_name(child) == "link" and not child.get("href") and (text := element_text(child)):
            return child, text
    for child in item:  # <guid> is the permalink unless it says otherwise (RSS 2.0)
        if local_name(child) != "guid" or not (text := element_text(child)):
            continue
        permalink = (child.get("isPermaLink") or "").strip().lower()
        # Left implicit, a guid is often an opaque id ("tag:…", "12345"): only an absolute URL counts.
        if permalink == "true" or (permalink == "" and text.lower().startswith(("http://", "https://"))):
            return child, text
    if atom := _atom_link(item):  # <atom:link href=…> in an RSS item
        return atom
    for name in ("href", "about"):  # CDF <ITEM HREF=…>, RDF <item rdf:about=…>
        if value := _attribute(item, name):
            return item, value
    return None


def parse_feed(body: bytes, base_url: str) -> list[Entry]:
    """Return the entries of an RSS 2.0, RSS 1.0, Atom or CDF document (empty when it is not a feed)."""
    # A malformed link comes back as written (resolve_link), for the spider to record; others go on.
    root = parse_xml(body)
    if root is None:
        return []
    entries: list[Entry] = []
    for element in root.iter():
        name = local_name(element)
        if name == "item":
            found = _item_link(element)
            date = _first_date(element, RSS_DATES)
        elif name == "entry":
            found = _atom_link(element)
            date = _first_date(element, ATOM_DATES)
        else:
            continue
        if found:
            holder, link = found
            entries.append(Entry(resolve_link(_base(holder, base_url), link), date))
    return entries
