"""Metadata a page declares about itself: JSON-LD, Open Graph / article: meta, canonical link."""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "blogposting",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "liveblogposting",
    "webpage",
    "report",
}
# XHTML habits around the JSON: "<![CDATA[ {...} ]]>", "//<![CDATA[ ... //]]>", an HTML comment (json.loads
# fails on them, and the page's headline, authors and dates were lost).
WRAPPER = re.compile(
    r"^\s*(?:(?://|/\*)\s*)?(?:<!\[CDATA\[|<!--)(?:\s*\*/)?|(?:(?://|/\*)\s*)?(?:\]\]>|-->)(?:\s*\*/)?\s*$"
)


@dataclass(slots=True)
class DeclaredMetadata:
    """Fields a page states in its own markup (each None or empty when absent)."""

    title: str | None = None
    other_titles: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    meta_authors: list[str] = field(default_factory=list)  # <meta name=author>, beside JSON-LD's
    published: str | None = None
    modified: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    site_name: str | None = None
    description: str | None = None
    canonical: str | None = None
    article_body: str | None = None


@dataclass(slots=True)
class _Declarations:
    """The page's script, meta and link elements, gathered in one walk of the tree."""

    json_ld: list[HtmlElement] = field(default_factory=list)
    meta: list[HtmlElement] = field(default_factory=list)
    canonical: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, tree: HtmlElement) -> "_Declarations":
        """Return the declaring elements of tree (one C-level walk: three XPaths cost twice as much)."""
        found = cls()
        for node in tree.iter("script", "meta", "link"):
            if node.tag == "meta":
                if node.get("content") is not None:
                    found.meta.append(node)
            elif node.tag == "script":
                if node.get("type") == "application/ld+json":
                    found.json_ld.append(node)
            elif (node.get("rel") or "").lower() == "canonical" and node.get("href") is not None:
                found.canonical.append(node.get("href"))
        return found


def _script_json(text: str) -> str:
    """Return a script's JSON without the CDATA or comment wrapper some CMSs put around it."""
    return WRAPPER.sub("", text) if "<!" in text[:40] else text


def _json_ld_objects(scripts: list[HtmlElement]) -> Iterator[dict[str, Any]]:
    for script in scripts:
        try:
            data = json.loads(_script_json(script.text or ""))
        except (json.JSONDecodeError, TypeError, RecursionError):
            continue  # broken JSON-LD is common; the other sources still count
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.append(item["@graph"])
                if isinstance(item.get("mainEntity"), (dict, list)):
                    stack.append(item["mainEntity"])  # a WebPage that holds its NewsArticle
                yield item


def _types(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type", [])
    return {str(k).lower() for k in (kind if isinstance(kind, list) else [kind])}


def _names(value: Any) -> list[str]:
    # An {"@id": …} author is left unresolved: the graph's Person is the CMS account that posted the
    # page (SEO plugins), often not the byline the page shows.
    values = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in values:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip() and not name.startswith("http"):
            names.append(name.strip())
    return names


def _first_url(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _meta(nodes: list[HtmlElement]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for node in nodes:
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        content = (node.get("content") or "").strip()
        if key and content:
            found.setdefault(key, []).append(content)
    return found


def _split_keywords(value: Any) -> list[str]:
    items = value if isinstance(value, list) else str(value or "").split(",")
    return [str(v).strip() for v in items if str(v).strip()]


def declared_metadata(tree: HtmlElement) -> DeclaredMetadata:
    """Collect the page's own statements about the article, JSON-LD first, then meta tags."""
    out = DeclaredMetadata()
    declarations = _Declarations.of(tree)
    for item in _json_ld_objects(declarations.json_ld):
        types = _types(item)
        # A generic WebPage counts only when it names a headline; any article type counts as it is.
        if types & (ARTICLE_TYPES - {"webpage"}) or ("webpage" in types and "headline" in item):
            out.title = out.title or (item.get("headline") if isinstance(item.get("headline"), str) else None)
            out.authors = out.authors or _names(item.get("author"))
            out.published = out.published or _str(item.get("datePublished"))
            out.modified = out.modified or _str(item.get("dateModified"))
            out.image = out.image or _first_url(item.get("image"))
            out.tags = out.tags or _split_keywords(item.get("keywords"))
            out.article_body = out.article_body or _str(item.get("articleBody"))
            publisher = item.get("publisher")
            if isinstance(publisher, dict):
                out.site_name = out.site_name or _str(publisher.get("name"))
            out.description = out.description or _str(item.get("description"))
    meta = _meta(declarations.meta)

    def first(*keys: str) -> str | None:
        for key in keys:
            if meta.get(key):
                return meta[key][0]
        return None

    out.title = out.title or first("og:title", "twitter:title")
    # The other declared titles: when the first does not stand for the page's headline (a CMS name as
    # JSON-LD headline), one of these may.
    others = (first("og:title"), first("twitter:title"))
    out.other_titles = [t for t in dict.fromkeys(others) if t and t != out.title]
    authors = meta.get("author") or meta.get("article:author") or meta.get("dc.creator") or []
    out.meta_authors = [a for a in authors if not a.startswith("http")]
    out.authors = out.authors or out.meta_authors
    out.published = out.published or first(
        "article:published_time", "datepublished", "og:article:published_time", "pubdate", "dc.date.issued"
    )
    out.modified = out.modified or first("article:modified_time", "datemodified", "og:updated_time")
    out.tags = out.tags or meta.get("article:tag", []) or _split_keywords(first("news_keywords"))
    out.image = out.image or first("og:image", "twitter:image")
    out.site_name = out.site_name or first("og:site_name", "application-name")
    out.description = out.description or first("og:description", "description")
    out.canonical = declarations.canonical[0].strip() if declarations.canonical else None
    return out


def _str(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
