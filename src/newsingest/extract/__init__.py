"""Extraction: trafilatura body and metadata, the page's own structured data, language."""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsingest.extract.article import ExtractedArticle
    from newsingest.extract.pipeline import EXTRACTOR_VERSION, extract_article

__all__ = ["EXTRACTOR_VERSION", "ExtractedArticle", "extract_article"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: the flow's process hands pages to extraction workers and names their results,
    # and must not pay for importing trafilatura, jusText and the rules (0.35 s) to do so.
    if name == "ExtractedArticle":
        from newsingest.extract.article import ExtractedArticle

        return ExtractedArticle
    if name in __all__:
        from newsingest.extract import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
