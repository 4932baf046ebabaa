"""Sitemaps: the index of monthly sitemaps, each month's urlset (plain or gzipped) and the news sitemap."""

import gzip
from datetime import UTC, datetime, timedelta
from html import escape

from sitegen.model import NEWS_WINDOW, View
from sitegen.page import GZIP, XML, Page

URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS_NS = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _site_start(view: View) -> datetime:
    return datetime(view.spec.start.year, view.spec.start.month, view.spec.start.day, tzinfo=UTC)


def month_sitemap(view: View, base_url: str, year: int, month: int) -> Page:
    """Return the urlset of one month's articles with their lastmod."""
    ids = view.month_ids(year, month)
    rows = []
    for i in ids:
        entry = view.entry(i)
        rows.append(
            f"<url><loc>{escape(base_url + entry.path)}</loc><lastmod>{entry.last_modified.isoformat()}"
            "</lastmod></url>"
        )
    body = f"{XML_DECL}{URLSET}>{''.join(rows)}</urlset>\n"
    return Page(body.encode(), XML, view.last_modified_of(ids) or _site_start(view))


def gzipped(page: Page) -> Page:
    """Return page gzipped (mtime 0 so the bytes are deterministic), served as a .gz file."""
    return Page(gzip.compress(page.body, compresslevel=6, mtime=0), GZIP, page.last_modified)


def sitemap_index(view: View, base_url: str) -> Page:
    """Return the index listing every month's sitemap (the .xml.gz form when the spec asks)."""
    suffix = ".xml.gz" if view.spec.gzip_sitemaps else ".xml"
    rows = []
    newest = _site_start(view)
    for year, month in view.months():
        lastmod = view.last_modified_of(view.month_ids(year, month)) or _site_start(view)
        newest = max(newest, lastmod)
        rows.append(
            f"<sitemap><loc>{base_url}/sitemaps/{year:04d}-{month:02d}{suffix}</loc>"
            f"<lastmod>{lastmod.isoformat()}</lastmod></sitemap>"
        )
    body = f'{XML_DECL}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{"".join(rows)}</sitemapindex>\n'
    return Page(body.encode(), XML, newest)


def news_sitemap(view: View, base_url: str) -> Page:
    """Return the Google News sitemap of the articles published in the 48 h before now."""
    ids = view.recent_ids()
    rows = []
    name = escape(view.spec.host_name, quote=False)
    for i in ids:
        entry = view.entry(i)
        rows.append(
            f"<url><loc>{escape(base_url + entry.path)}</loc><news:news><news:publication><news:name>{name}"
            f"</news:name><news:language>{entry.language}</news:language></news:publication>"
            f"<news:publication_date>{entry.published.isoformat()}</news:publication_date>"
            f"<news:title>{escape(entry.title, quote=False)}</news:title></news:news></url>"
        )
    # The content changes when an article enters (its publication) or leaves (48 h later) the window.
    changed = [_site_start(view)]
    if ids:
        changed.append(view.entry(ids[-1]).published.astimezone(UTC))
    if ids.start > 0:
        left = view.published_ts(ids.start - 1) + NEWS_WINDOW
        changed.append(datetime.fromtimestamp(left, UTC) + timedelta(seconds=1))
    body = f"{XML_DECL}{URLSET}{NEWS_NS}>{''.join(rows)}</urlset>\n"
    return Page(body.encode(), XML, max(changed))
