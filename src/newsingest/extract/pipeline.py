"""extract_article: page in, clean ExtractedArticle out (trafilatura, page metadata, cleaning, language)."""

from dataclasses import dataclass
from datetime import datetime

from lxml.html import HtmlElement

from newsingest.clean import PageContext, clean_lines
from newsingest.clean.normalize import plain_line, without_controls
from newsingest.dates import parse_date
from newsingest.extract import standfirst
from newsingest.extract.article import ExtractedArticle
from newsingest.extract.authors import names_outlet, people
from newsingest.extract.body import extract_body
from newsingest.extract.declared_body import prefer_declared
from newsingest.extract.fallbacks import (
    byline_names,
    class_bylines,
    headline,
    site_name,
    tag_links,
)
from newsingest.extract.language import detect_language
from newsingest.extract.page import drop_selectors, image_texts, page_captions, page_language, parse_html
from newsingest.extract.published import published_date
from newsingest.extract.structured import DeclaredMetadata, declared_metadata
from newsingest.extract.title import Heading, choose_title, page_headings, site_keys
from newsingest.sources.model import CleaningRules

EXTRACTOR_VERSION = "5"  # bump when extraction or cleaning changes what is stored (drives reprocess)
MAX_SITE_NAME_WORDS = 6  # a longer part of the <title> is the headline, not the site's name


@dataclass(slots=True)
class _Metadata:
    """The page's metadata as stored: declared, else looked up, every string plain text."""

    title: str | None
    heading: Heading | None  # the page's heading that shows the title
    authors: list[str]
    tags: list[str]
    site_name: str | None
    description: str | None
    image: str | None
    canonical: str | None


def _plain(value: str | None) -> str | None:
    return plain_line(value) or None if value else None


def _url(value: str | None) -> str | None:
    # URLs are not unescaped ("&copy=" would become "©="); only what no URL may hold goes.
    return without_controls(value).strip() or None if value else None


def _plain_list(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in map(plain_line, values) if v))


def _guessed_site(tree: HtmlElement) -> str | None:
    """Return the site name trafilatura guesses from the <title>, unless it is a headline's length."""
    guess = _plain(site_name(tree))
    return guess if guess and len(guess.split()) <= MAX_SITE_NAME_WORDS else None


def _title_element(tree: HtmlElement) -> str | None:
    node = tree.find(".//title")
    return node.text_content() if node is not None else None


class _Bylines:
    """The page's byline-classed texts, looked up once and only when a step needs them."""

    __slots__ = ("_lines", "_tree")

    def __init__(self, tree: HtmlElement) -> None:
        self._tree = tree
        self._lines: list[str] | None = None

    def __call__(self) -> list[str]:
        if self._lines is None:
            self._lines = class_bylines(self._tree)
        return self._lines


def _authors(declared: DeclaredMetadata, tree: HtmlElement, keys: list[str], bylines: _Bylines) -> list[str]:
    """Return the article's authors: declared people, else the first byline naming people, else links."""
    found = people(_plain_list(declared.authors), keys)
    # JSON-LD naming only the first of a byline's people (or only account names, "edilson.la.rosa"):
    # the author meta tag may list them all.
    listed = people(_plain_list(declared.meta_authors), keys) if declared.meta_authors else []
    if found:
        return listed if set(found) < set(listed) else found
    # Alone, the meta tag counts for full names only ("DER SPIEGEL, Hamburg, Germany" names places).
    if full_names := [name for name in listed if " " in name]:
        return full_names
    # Declared authors that are all outlets ("CNN", "Redaktion") leave the byline markup to name people.
    for line in _plain_list(bylines()):
        if named := people([line], keys):
            return named
        if names_outlet(line, keys):
            return []  # the article's byline names its outlet: later bylines are other articles'
    return people(_plain_list(byline_names(tree)), keys)


def _metadata(declared: DeclaredMetadata, tree: HtmlElement, url: str | None, bylines: _Bylines) -> _Metadata:
    """Return the page's metadata; the one place where every metadata string is made plain text.

    Pages declare entities ("zerst&ouml;ren", "&#8217;", escaped twice as "&amp;amp;"), markup, NUL
    characters and lone surrogates (JSON "\\u0000", "\\ud800") in JSON-LD and meta tags alike.
    """
    # The look-ups walk the tree: only pages that declare nothing usable pay for them.
    site = _plain(declared.site_name) or _guessed_site(tree)
    keys = site_keys([site] if site else [], url)
    fallback = None if declared.title else _plain(_title_element(tree)) or _plain(headline(tree))
    titles = [t for t in map(_plain, [declared.title, *declared.other_titles]) if t]
    title, heading = choose_title(
        titles,
        fallback,
        page_headings(tree),
        keys,
        url,
        subheadings=lambda: page_headings(tree, "h2"),
        page_title=_plain(_title_element(tree)) if titles else None,
    )
    authors = _authors(declared, tree, keys, bylines)
    return _Metadata(
        title=title,
        heading=heading,
        authors=authors,
        tags=_plain_list(declared.tags) or _plain_list(tag_links(tree)),
        site_name=site,
        description=_plain(declared.description),
        image=_url(declared.image),
        canonical=_url(declared.canonical),
    )


def extract_article(
    html: str | bytes,
    url: str | None = None,
    rules: CleaningRules | None = None,
    hint_published_at: datetime | None = None,
) -> ExtractedArticle | None:
    """Return the article of a page, or None when the page has no article text."""
    rules = rules or CleaningRules()
    tree = parse_html(html)
    declared = declared_metadata(tree)
    captions = page_captions(tree)
    images = image_texts(tree)
    dropped = drop_selectors(tree, rules.drop_selectors)
    # Everything read from the tree is read before the body step, which consumes the tree.
    bylines = _Bylines(tree)
    meta = _metadata(declared, tree, url, bylines)
    title = meta.title
    page_lang = page_language(tree)
    published, date_source = published_date(
        declared.published, hint_published_at, tree, url, meta.heading, page_lang, bylines
    )
    lead = standfirst.candidate(meta.description)
    shown = standfirst.page_text(tree) if lead else ""
    extracted = extract_body(tree, url) or ""
    # When trafilatura misses most of what the page declares as its article (scripts render the body,
    # or only a caption was found), the page's own articleBody is the better text.
    body = prefer_declared(extracted, declared.article_body) or extracted
    if not body:
        return None
    body = standfirst.with_standfirst(body, lead, shown)
    context = PageContext(
        captions=captions,
        authors=meta.authors,
        tags=meta.tags,
        source_patterns=rules.drop_line_patterns,
        image_texts=images,
        source=html if isinstance(html, str) else "",
        description=meta.description,
    )
    cleaned = clean_lines(body, context)
    lines = cleaned.text.split("\n")
    if title and lines and lines[0] == title:
        lines = lines[1:]  # some pages repeat the headline inside the article container
        cleaned.dropped["chrome.title"] += 1
    text = "\n".join(lines)
    if not text:
        return None
    modified = parse_date(declared.modified)
    language, confidence = detect_language(text, page_lang)
    dropped.update(cleaned.dropped)
    return ExtractedArticle(
        text=text,
        title=title,
        authors=meta.authors,
        published_at=published,
        modified_at=modified if modified and (published is None or modified >= published) else None,
        language=language,
        language_confidence=confidence,
        tags=meta.tags,
        image_url=meta.image,
        site_name=meta.site_name,
        canonical_url=meta.canonical,
        description=meta.description,
        date_source=date_source,
        dropped=dict(dropped),
    )
