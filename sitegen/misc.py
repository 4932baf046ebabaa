"""Small fixed pages: robots.txt, the search page robots forbid, and the 404 page."""

from datetime import UTC, datetime

from sitegen.model import View
from sitegen.page import TEXT, Page


def robots(view: View, base_url: str) -> Page:
    """Return robots.txt: everything allowed except /search, with both sitemaps."""
    body = (
        "User-agent: *\nAllow: /\nDisallow: /search\n\n"
        f"Sitemap: {base_url}/sitemap_index.xml\nSitemap: {base_url}/news-sitemap.xml\n"
    )
    start = view.spec.start
    return Page(body.encode(), TEXT, datetime(start.year, start.month, start.day, tzinfo=UTC))


def search() -> Page:
    """Return an (empty) search results page; robots.txt tells crawlers to stay away."""
    return Page(b'<!DOCTYPE html><html lang="en"><body><h1>Search</h1><p>No results.</p></body></html>')


def not_found() -> Page:
    """Return the 404 page."""
    body = (
        '<!DOCTYPE html><html lang="en"><head><title>Page not found</title></head><body>'
        '<h1>Page not found</h1><p>The page you asked for does not exist. <a href="/">Front page</a></p>'
        "</body></html>"
    )
    return Page(body.encode(), status=404)
