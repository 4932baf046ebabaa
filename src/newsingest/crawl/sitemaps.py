"""XML sitemaps, sitemap indexes and Google News sitemaps."""

from dataclasses import dataclass, field

from newsingest.crawl.entries import Entry, entry_date, resolve_link
from newsingest.crawl.xml import child_text, local_name, parse_xml


@dataclass(slots=True)
class SitemapDocument:
    """A parsed sitemap: article entries (urlset) and/or nested sitemaps (sitemapindex)."""

    entries: list[Entry] = field(default_factory=list)
    sitemaps: list[Entry] = field(default_factory=list)


def _news_date(url_element: object) -> str | None:
    for child in url_element:  # type: ignore[attr-defined]
        if local_name(child) == "news":
            return child_text(child, "publication_date")
    return None


def parse_sitemap(body: bytes, base_url: str) -> SitemapDocument:
    """Return the entries or nested sitemaps of a sitemap document (empty when it is not one)."""
    # A malformed <loc> comes back as written (resolve_link), for the spider to record; others go on.
    root = parse_xml(body)
    document = SitemapDocument()
    if root is None:
        return document
    kind = local_name(root)
    for element in root:
        name = local_name(element)
        loc = child_text(element, "loc")
        if not loc:
            continue
        url = resolve_link(base_url, loc)
        if kind == "sitemapindex" and name == "sitemap":
            document.sitemaps.append(Entry(url, entry_date(child_text(element, "lastmod"))))
        elif kind == "urlset" and name == "url":
            date = entry_date(_news_date(element)) or entry_date(child_text(element, "lastmod"))
            document.entries.append(Entry(url, date))
    return document
