"""Listing pages: the home page, /latest/?page=N, /archive/YYYY/MM/DD/?page=N and section fronts."""

from datetime import date, timedelta
from html import escape

from sitegen.article import Entry
from sitegen.model import View
from sitegen.page import Page

PER_PAGE = 20
SECTION_SCAN = 400  # how far back a section front looks for its newest articles


def _teasers(entries: list[Entry]) -> str:
    return "".join(
        f'<article class="teaser"><h2><a href="{e.path}">{escape(e.title)}</a></h2>'
        f'<time datetime="{e.published.isoformat()}">{e.published:%d %B %Y %H:%M}</time>'
        f'<span class="section">{e.section}</span></article>'
        for e in entries
    )


def _listing(view: View, title: str, entries: list[Entry], links: str) -> Page:
    sections = "".join(f'<li><a href="/{s}/">{s.title()}</a></li>' for s in view.spec.sections)
    body = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | '
        f'{escape(view.spec.host_name)}</title></head><body><header><a href="/">{escape(view.spec.host_name)}'
        f'</a><nav><ul>{sections}<li><a href="/latest/">Latest</a></li></ul></nav></header>'
        f'<main><h1>{escape(title)}</h1><div class="listing">{_teasers(entries)}</div>'
        f'<nav class="pagination">{links}</nav></main></body></html>'
    )
    newest = max((e.published for e in entries), default=None)
    return Page(body.encode(), last_modified=newest)


def latest(view: View, page: int) -> Page | None:
    """Return page N of all articles, newest first (None past the last page)."""
    ids = view.newest_first((page - 1) * PER_PAGE, PER_PAGE)
    if page < 1 or (not ids and page > 1):
        return None
    links = ""
    if ids and ids[-1] > 0:
        links += f'<a rel="next" class="next" href="/latest/?page={page + 1}">Older stories</a>'
    if page > 1:
        links += f'<a rel="prev" href="/latest/?page={page - 1}">Newer stories</a>'
    return _listing(view, f"Latest news – page {page}", [view.entry(i) for i in ids], links)


def archive_day(view: View, day: date, page: int) -> Page | None:
    """Return page N of one UTC day's articles, oldest first (None outside the site or past the end)."""
    last_day = view.now.date()
    if not view.spec.start <= day <= last_day:
        return None
    ids = view.day_ids(day)
    chunk = ids[(page - 1) * PER_PAGE : page * PER_PAGE]
    if page < 1 or (not chunk and page > 1):
        return None
    base = f"/archive/{day:%Y/%m/%d}/"
    links = ""
    if page * PER_PAGE < len(ids):
        links += f'<a rel="next" class="next" href="{base}?page={page + 1}">Next page</a>'
    if day > view.spec.start:
        links += f'<a class="prev-day" href="/archive/{day - timedelta(days=1):%Y/%m/%d}/">Previous day</a>'
    if day < last_day:
        links += f'<a class="next-day" href="/archive/{day + timedelta(days=1):%Y/%m/%d}/">Next day</a>'
    return _listing(view, f"Archive {day:%d %B %Y} – page {page}", [view.entry(i) for i in chunk], links)


def section_front(view: View, section: str) -> Page:
    """Return a section's newest articles."""
    entries: list[Entry] = []
    for i in view.newest_first(0, SECTION_SCAN):
        entry = view.entry(i)
        if entry.section == section:
            entries.append(entry)
            if len(entries) == PER_PAGE:
                break
    return _listing(view, section.title(), entries, '<a href="/latest/">All latest news</a>')


def home(view: View) -> Page:
    """Return the front page: the newest articles and links into the archive."""
    entries = [view.entry(i) for i in view.newest_first(0, PER_PAGE)]
    today = view.now.date()
    links = (
        '<a class="next" href="/latest/?page=2">More news</a>'
        f'<a href="/archive/{today:%Y/%m/%d}/">Archive</a>'
    )
    return _listing(view, "Front page", entries, links)
