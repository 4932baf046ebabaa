"""Extraction: trafilatura body and metadata, the page's own structured data, language."""

from newsingest.extract.article import ExtractedArticle
from newsingest.extract.pipeline import EXTRACTOR_VERSION, extract_article

__all__ = ["EXTRACTOR_VERSION", "ExtractedArticle", "extract_article"]
