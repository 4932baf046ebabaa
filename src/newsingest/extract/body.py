"""The trafilatura step: main text and its metadata from a parsed page."""

from dataclasses import dataclass
from typing import Any

from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.settings import Document, use_config

# trafilatura's own timeout uses SIGALRM, which only works in the main thread; budgets are enforced by
# the caller instead. MIN_EXTRACTED_SIZE stays at its default so short news items are still kept.
_CONFIG = use_config()
_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")


@dataclass(slots=True)
class BodyResult:
    """trafilatura's text and metadata for one page."""

    text: str
    title: str | None
    author: str | None
    date: str | None
    tags: list[str]
    image: str | None
    site_name: str | None
    description: str | None


def _listify(value: Any) -> list[str]:
    if not value:
        return []
    items = value if isinstance(value, list) else str(value).split(",")
    return [str(item).strip() for item in items if str(item).strip()]


def extract_body(tree: HtmlElement, url: str | None) -> BodyResult | None:
    """Run trafilatura on tree (which it modifies); None when it finds no main text."""
    document = bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,  # reader comments are not the article
        include_tables=True,
        include_images=False,
        deduplicate=False,
        config=_CONFIG,
    )
    if not isinstance(document, Document) or not document.text:
        return None
    return BodyResult(
        text=document.text,
        title=document.title,
        author=document.author,
        date=document.date,
        tags=_listify(document.tags) or _listify(document.categories),
        image=document.image,
        site_name=document.sitename,
        description=document.description,
    )
