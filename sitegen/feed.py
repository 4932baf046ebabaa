"""/feed.xml: RSS 2.0 of the 50 newest articles."""

from email.utils import format_datetime
from html import escape

from sitegen.model import View
from sitegen.page import RSS, Page

FEED_SIZE = 50


def render_feed(view: View, base_url: str) -> Page:
    """Return the RSS feed; it changes only when articles are added."""
    items = []
    entries = [view.entry(i) for i in view.newest_first(0, FEED_SIZE)]
    for entry in entries:
        url = escape(base_url + entry.path)
        # The first paragraph is the teaser; it never changes when a correction is appended.
        teaser = escape(view.article(entry.id).paragraphs[0], quote=False)
        items.append(
            f"<item><title>{escape(entry.title, quote=False)}</title><link>{url}</link>"
            f'<guid isPermaLink="true">{url}</guid><pubDate>{format_datetime(entry.published)}</pubDate>'
            f"<category>{entry.section}</category><description>{teaser}</description></item>"
        )
    newest = entries[0].published
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">'
        f"<channel><title>{escape(view.spec.host_name)}</title><link>{base_url}/</link>"
        f'<atom:link href="{base_url}/feed.xml" rel="self" type="application/rss+xml"/>'
        f"<description>Latest news</description><language>en</language>"
        f"<lastBuildDate>{format_datetime(newest)}</lastBuildDate>{''.join(items)}</channel></rss>\n"
    )
    return Page(body.encode(), RSS, newest)
