"""One stored page's work, done inside an extraction worker: compressed body in, loader row or failure out.

Decompressing, decoding, the guards and the hashes run in the worker with extraction, so the flow's own
process (which loads the database and, in a benchmark or the demo, may share the GIL with more) only
moves bytes and rows.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from newsingest.contracts import ArticleRow
from newsingest.dates import url_date
from newsingest.db.bodies import decompress_body
from newsingest.db.scrub import scrub_text, url_too_long
from newsingest.dedup import canonical_url, content_hash, simhash
from newsingest.extract.article import ExtractedArticle
from newsingest.process.decode import decode_raw
from newsingest.process.guards import RejectedPageError, check_body, check_html, check_text, repair_text
from newsingest.process.paywall import is_stub
from newsingest.sources import Source
from newsingest.sources.model import CleaningRules
from newsingest.sources.patterns import article_match

log = logging.getLogger(__name__)
MIN_WORDS = 30  # below this a "body" is a teaser, a stub or an error page, not an article


@dataclass(slots=True)
class PageFailure:
    """Why a page became a failures row instead of an article."""

    stage: str
    error_class: str
    detail: str


@dataclass(slots=True, frozen=True)
class PageJob:
    """What a worker needs to turn one stored page into a loader row."""

    page_id: int
    url: str
    final_url: str
    content_type: str | None
    body: bytes  # compressed, as stored: a fifth of the HTML to send through the pipe
    hint_published_at: datetime | None
    source: str
    rules: CleaningRules
    fetched_at: datetime | None = None  # the loader keeps the text of the latest fetch
    article_pattern: str | None = None  # the source's; a declared canonical must match it


def job_of(page: Any, source: Source) -> PageJob:
    """Return the job of a pages row (the PAGE_COLUMNS of newsingest.process.pages)."""
    return PageJob(
        page_id=page.id,
        url=page.url,
        final_url=page.final_url,
        content_type=page.headers.get("Content-Type"),
        body=page.body,
        hint_published_at=page.hint_published_at,
        source=source.slug,
        rules=source.rules,
        fetched_at=page.fetched_at,
        article_pattern=source.article_pattern,
    )


def rejected(error: RejectedPageError) -> PageFailure:
    """Return the failure of a rejected page: too large, or an extraction problem."""
    error_class = "BadHTML" if error.error_class == "NewsingestError" else error.error_class
    stage = "too_large" if error_class == "TooLarge" else "extract"
    return PageFailure(stage, error_class, error.detail)


def article_url(
    page_url: str, declared: str | None, article_pattern: str | None = None, base: str | None = None
) -> str:
    """Return the article's key: the page's declared canonical when it can name this article, else its URL."""
    # A relative declaration resolves against base, the URL the page was served from (after redirects).
    url = canonical_url(page_url)
    if not declared or not declared.strip():
        return url
    try:
        candidate = canonical_url(urljoin(base or page_url, declared.strip()))
    except ValueError:  # BadURL, or urljoin's own complaint: a broken declaration names nothing
        return url
    return candidate if _names_an_article(candidate, url, article_pattern) else url


def _names_an_article(candidate: str, url: str, article_pattern: str | None) -> bool:
    """Say whether a declared canonical can stand for the article at url (both in canonical form)."""
    declared, fetched = urlsplit(candidate), urlsplit(url)
    if declared.scheme not in ("http", "https") or declared.netloc != fetched.netloc:
        return False  # another site's link is a syndication credit, not this page's identity
    if url_too_long(candidate):
        return False
    # A template that declares the home page or a section as every article's canonical would merge a
    # whole site (or section) into one row: a path above the fetched one is never an article's identity.
    path, above = declared.path.rstrip("/"), fetched.path.rstrip("/")
    if not declared.query and (not path or (path != above and above.startswith(path + "/"))):
        return False
    try:
        return article_pattern is None or article_match(article_pattern, candidate)
    except ValueError:
        return False


def to_row(article: ExtractedArticle, job: PageJob, now: datetime, words: int | None = None) -> ArticleRow:
    """Return the loader row of an extracted article (words: its word count, when counted already)."""
    from newsingest.extract.pipeline import EXTRACTOR_VERSION  # loaded already where rows are made

    if article.published_at is None and (day := url_date(job.url)) is not None:
        # Last resort, after the page's own dates and its feed or sitemap date: the date in its URL.
        article.published_at = datetime(day.year, day.month, day.day, tzinfo=UTC)
        article.date_source = "url"
    text = scrub_text(article.text)  # hashed as it will be stored
    return ArticleRow(
        url=article_url(job.url, article.canonical_url, job.article_pattern, base=job.final_url),
        source=job.source,
        title=article.title,
        authors=article.authors,
        published_at=article.published_at,
        modified_at=article.modified_at,
        language=article.language,
        text=text,
        word_count=article.word_count if words is None else words,
        tags=article.tags,
        image_url=article.image_url,
        site_name=article.site_name,
        content_hash=content_hash(text),
        fingerprint=f"{simhash(text):016x}",
        extractor_version=EXTRACTOR_VERSION,
        page_id=job.page_id,
        seen_at=now,
        fetched_at=job.fetched_at,
        meta={
            "language_confidence": article.language_confidence,
            "date_source": article.date_source,
            "description": article.description,
            "dropped": article.dropped,
        },
    )


def _article(job: PageJob) -> ExtractedArticle | None:
    # Imported here, not above: the flow's process builds PageJobs without loading trafilatura.
    from newsingest.extract.pipeline import extract_article

    raw = decompress_body(job.body)
    check_body(raw)
    # Repair before extraction too: cleaning turns the NBSP inside "Ã\xa0" (à) into a space.
    html = repair_text(check_html(decode_raw(raw, job.content_type)))
    article = extract_article(
        html, url=job.final_url, rules=job.rules, hint_published_at=job.hint_published_at
    )
    if article is not None:
        article.text = repair_text(article.text)
        article.title = repair_text(article.title) if article.title else article.title
        check_text(article.text)
    return article


def run_job(job: PageJob) -> ArticleRow | PageFailure:
    """Return the page's loader row (seen now; the loader sets the batch's time), or why it failed."""
    try:
        article = _article(job)
    except RejectedPageError as exc:
        return rejected(exc)
    except Exception as exc:  # one bad page must not stop the run: record it and go on
        log.exception("extraction of %s failed", job.url)
        return PageFailure("extract", type(exc).__name__, str(exc) or type(exc).__name__)
    if article is None:
        return PageFailure("empty", "EmptyExtraction", "no article text found on the page")
    words = article.word_count  # counted once: a pass over the whole text (~0.2 ms a page)
    if is_stub(article.text, words):
        return PageFailure("empty", "PaywallStub", f"{words} words ending in a subscription prompt")
    if words < MIN_WORDS:
        return PageFailure("empty", "TooShort", f"{words} words, fewer than {MIN_WORDS}")
    return to_row(article, job, datetime.now(UTC), words)
