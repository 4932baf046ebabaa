"""The extractors an evaluation run compares: ours and plain trafilatura, as (html, url) -> text."""

from collections.abc import Callable

import trafilatura

from newsingest.extract import extract_article

Extractor = Callable[[str, str | None], str]


def ours(html: str, url: str | None) -> str:
    """Return the text of newsingest's extract_article (empty when it finds no article)."""
    article = extract_article(html, url=url)
    return article.text if article else ""


def trafilatura_default(html: str, url: str | None) -> str:
    """Return plain trafilatura.extract(html), its defaults untouched."""
    return trafilatura.extract(html) or ""


def trafilatura_no_comments(html: str, url: str | None) -> str:
    """Return trafilatura.extract(html, include_comments=False), the baseline to beat."""
    return trafilatura.extract(html, include_comments=False) or ""


def trafilatura_precision(html: str, url: str | None) -> str:
    """Return trafilatura.extract in its precision mode (favor_precision), comments off."""
    return trafilatura.extract(html, include_comments=False, favor_precision=True) or ""


def trafilatura_recall(html: str, url: str | None) -> str:
    """Return trafilatura.extract in its recall mode (favor_recall), comments off."""
    return trafilatura.extract(html, include_comments=False, favor_recall=True) or ""


EXTRACTORS: dict[str, Extractor] = {
    "newsingest": ours,
    "trafilatura": trafilatura_default,
    "trafilatura-no-comments": trafilatura_no_comments,
    "trafilatura-precision": trafilatura_precision,
    "trafilatura-recall": trafilatura_recall,
}
REFERENCE = "trafilatura-no-comments"  # "empty where the reference is not" counts against this one
