"""The trafilatura step: the main text of a parsed page."""

from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.settings import Document, use_config

# trafilatura's own timeout uses SIGALRM, which only works in the main thread; budgets are enforced by
# the caller instead. MIN_EXTRACTED_SIZE stays at its default so short news items are still kept.
_CONFIG = use_config()
_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")


def extract_body(tree: HtmlElement, url: str | None, *, precision: bool = False) -> str | None:
    """Return trafilatura's main text of tree (left unchanged: trafilatura copies it), or None."""
    document = bare_extraction(
        tree,
        url=url,
        # Metadata comes from the page's declarations and cheap fallbacks (fallbacks.py): trafilatura's
        # own pass runs an extensive htmldate search that costs more than the body extraction.
        with_metadata=False,
        include_comments=False,  # reader comments are not the article
        include_tables=True,
        include_images=False,
        deduplicate=False,
        favor_precision=precision,
        config=_CONFIG,
    )
    if not isinstance(document, Document) or not document.text:
        return None
    return str(document.text)
