"""Maps request paths to rendered pages (with strong ETags), caching them per site state."""

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qs, urlsplit

from sitegen import feed, listings, misc, sitemaps
from sitegen.cache import LRUCache
from sitegen.model import Site, View
from sitegen.page import Page
from sitegen.templates import PageContext, render_article
from sitegen.urls import article_id_of

MONTH_SITEMAP = re.compile(r"^/sitemaps/(\d{4})-(\d{2})\.xml(\.gz)?$")
ARCHIVE = re.compile(r"^/archive/(\d{4})/(\d{2})/(\d{2})/$")
SECTION = re.compile(r"^/([a-z][a-z-]*)/$")


@dataclass(frozen=True, slots=True)
class Rendered:
    """A page with its strong ETag."""

    page: Page
    etag: str


def _etag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def _page_number(query: str) -> int | None:
    values = parse_qs(query).get("page", ["1"])
    return int(values[0]) if values[0].isdigit() else None


class Router:
    """Renders any path of a Site for one base URL; not thread-safe (one event loop uses it)."""

    def __init__(self, site: Site, base_url: str, cache_size: int = 2048) -> None:
        """Serve site as seen at base_url, keeping up to cache_size rendered pages."""
        self.site = site
        self.base_url = base_url
        self.cache: LRUCache[Rendered] = LRUCache(cache_size)

    def render(self, target: str) -> Rendered:
        """Return the rendered page for a request target (path and query)."""
        view = self.site.view()
        parts = urlsplit(target)
        article_id = article_id_of(parts.path)
        # Article pages change only when that article is edited: key them on its edit count so adding
        # articles or editing others keeps them cached. Everything else is keyed on the site's version.
        if article_id is not None:
            key: tuple[object, ...] = ("article", parts.path, len(view.state.edits.get(article_id, ())))
        else:
            key = (parts.path, parts.query, view.state.version)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        page = self._route(view, parts.path, parts.query, article_id) or misc.not_found()
        rendered = Rendered(page, _etag(page.body))
        if page.status == 200:
            self.cache.put(key, rendered)
        return rendered

    def _route(self, view: View, path: str, query: str, article_id: int | None) -> Page | None:
        if article_id is not None:
            return self._article(view, path, article_id)
        fixed = {
            "/": lambda: listings.home(view),
            "/robots.txt": lambda: misc.robots(view, self.base_url),
            "/feed.xml": lambda: feed.render_feed(view, self.base_url),
            "/sitemap_index.xml": lambda: sitemaps.sitemap_index(view, self.base_url),
            "/news-sitemap.xml": lambda: sitemaps.news_sitemap(view, self.base_url),
            "/search": lambda: misc.search(),
        }
        if path in fixed:
            return fixed[path]()
        page_number = _page_number(query)
        if page_number is None:
            return None
        if path == "/latest/":
            return listings.latest(view, page_number)
        if match := MONTH_SITEMAP.match(path):
            year, month = int(match[1]), int(match[2])
            if (year, month) not in view.months():
                return None
            page = sitemaps.month_sitemap(view, self.base_url, year, month)
            return sitemaps.gzipped(page) if match[3] else page
        if match := ARCHIVE.match(path):
            try:
                day = date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                return None
            return listings.archive_day(view, day, page_number)
        if (match := SECTION.match(path)) and match[1] in view.spec.sections:
            return listings.section_front(view, match[1])
        return None

    def _article(self, view: View, path: str, article_id: int) -> Page | None:
        if article_id >= view.total:
            return None
        article = view.article(article_id)
        if article.entry.path != path:
            return None
        spec = view.spec
        related = tuple(view.entry(i) for i in article.related)
        context = PageContext(article, self.base_url, spec.host_name, spec.sections, related)
        return Page(render_article(context).encode(), last_modified=article.entry.last_modified)
