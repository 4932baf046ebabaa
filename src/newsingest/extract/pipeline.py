"""extract_article: page in, clean Article out (trafilatura, page metadata, cleaning, language)."""

import re
from datetime import datetime

from lxml.html import HtmlElement

from newsingest.clean import PageContext, clean_lines
from newsingest.clean.normalize import normalize_line
from newsingest.dates import parse_date
from newsingest.extract import standfirst
from newsingest.extract.article import Article
from newsingest.extract.body import extract_body
from newsingest.extract.declared_body import prefer_declared
from newsingest.extract.fallbacks import byline_names, headline, htmldate_date, site_name, tag_links
from newsingest.extract.language import detect_language
from newsingest.extract.page import drop_selectors, page_captions, parse_html
from newsingest.extract.structured import declared_metadata
from newsingest.sources.model import CleaningRules

EXTRACTOR_VERSION = "3"  # bump when extraction or cleaning changes what is stored (drives reprocess)
BYLINE = re.compile(r"^\s*(by|von|par|por|di|przez)\s+", re.IGNORECASE)


def _clean_authors(names: list[str]) -> list[str]:
    authors: list[str] = []
    for name in names:
        for part in re.split(r"\s*(?:;|\||,? and |,? & )\s*", name):
            part = normalize_line(BYLINE.sub("", part))
            if part and len(part) <= 80 and part not in authors:
                authors.append(part)
    return authors


def _title(declared: str | None, tree: HtmlElement) -> str | None:
    # The headline look-up walks the tree: only pages that declare no title pay for it.
    title = normalize_line(declared or headline(tree) or "")
    return title or None


def _published(
    declared: str | None, hint: datetime | None, tree: HtmlElement, url: str | None
) -> tuple[datetime | None, str | None]:
    """Return the publication date and where it came from: the page, the feed or sitemap, htmldate."""
    if (published := parse_date(declared)) is not None:
        return published, "page"
    if hint is not None:
        return hint, "feed"
    if (found := parse_date(htmldate_date(tree, url, original=True))) is not None:
        return found, "htmldate"
    return None, None


def extract_article(
    html: str | bytes,
    url: str | None = None,
    rules: CleaningRules | None = None,
    hint_published_at: datetime | None = None,
) -> Article | None:
    """Return the article of a page, or None when the page has no article text."""
    rules = rules or CleaningRules()
    tree = parse_html(html)
    declared = declared_metadata(tree)
    captions = page_captions(tree)
    dropped = drop_selectors(tree, rules.drop_selectors)
    # Everything read from the tree is read before the body step, which consumes the tree.
    authors = _clean_authors(declared.authors or byline_names(tree))
    tags = list(dict.fromkeys(declared.tags or tag_links(tree)))
    title = _title(declared.title, tree)
    site = normalize_line(declared.site_name or site_name(tree) or "") or None
    published, date_source = _published(declared.published, hint_published_at, tree, url)
    lead = standfirst.candidate(declared.description)
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
        authors=authors,
        tags=tags,
        source_patterns=rules.drop_line_patterns,
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
    language, confidence = detect_language(text)
    dropped.update(cleaned.dropped)
    return Article(
        text=text,
        title=title,
        authors=authors,
        published_at=published,
        modified_at=modified if modified and (published is None or modified >= published) else None,
        language=language,
        language_confidence=confidence,
        tags=tags,
        image_url=declared.image,
        site_name=site,
        canonical_url=declared.canonical,
        description=declared.description,
        date_source=date_source,
        dropped=dict(dropped),
    )
