"""Extraction: trafilatura body and metadata, the page's own structured data, language."""

from newsingest.extract.article import Article
from newsingest.extract.pipeline import EXTRACTOR_VERSION, extract_article

__all__ = ["EXTRACTOR_VERSION", "Article", "extract_article"]
