"""Turn a source's unprocessed raw pages into articles, recording every failure and moving on."""

import logging
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Engine, Row, select, update

from newsingest.config import get_settings
from newsingest.crawl.dates import url_date
from newsingest.db.failures import record_failure, resolve_failures
from newsingest.db.load import ArticleRow, LoadCounts, load_articles
from newsingest.db.models import Page, table_of
from newsingest.db.retry import with_retries
from newsingest.dedup import canonical_url, content_hash, simhash
from newsingest.extract import EXTRACTOR_VERSION, Article
from newsingest.process.bounded import BoundedExtractor, ExtractorPool, extractor_pool
from newsingest.process.decode import decode_raw
from newsingest.process.guards import RejectedPageError, check_body, check_html, check_text, repair_text
from newsingest.process.paywall import is_stub
from newsingest.sources import Source

log = logging.getLogger(__name__)
MIN_WORDS = 30  # below this a "body" is a teaser, a stub or an error page, not an article


@dataclass(slots=True)
class ProcessCounts:
    """What processing a source's pages did."""

    pages: int = 0
    loaded: LoadCounts = field(default_factory=LoadCounts)
    failed: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)
    undated: int = 0

    def add(self, other: "ProcessCounts") -> None:
        """Add other's counts to these."""
        self.pages += other.pages
        self.loaded.add(other.loaded)
        self.failed.update(other.failed)
        self.dropped.update(other.dropped)
        self.undated += other.undated

    def as_dict(self) -> dict[str, Any]:
        """Return the counts as plain JSON-able values."""
        return {
            "pages": self.pages,
            "new": self.loaded.new,
            "updated": self.loaded.updated,
            "unchanged": self.loaded.unchanged,
            "duplicates": self.loaded.duplicates,
            "failed": sum(self.failed.values()),
            "failed_by_class": dict(self.failed),
            "undated": self.undated,
            "dropped_by_rule": dict(self.dropped),
        }


@dataclass(slots=True)
class _Failed:
    stage: str
    error_class: str
    detail: str


def article_url(page_url: str, declared: str | None) -> str:
    """Return the article's key: the page's canonical link when on the same host, else the URL."""
    url = canonical_url(page_url)
    if declared:
        candidate = canonical_url(declared)
        if urlsplit(candidate).netloc == urlsplit(url).netloc and urlsplit(candidate).scheme in (
            "http",
            "https",
        ):
            return candidate
    return url


def to_row(article: Article, page: Row[Any], source: Source, now: datetime) -> ArticleRow:
    """Return the loader row of an extracted article."""
    if article.published_at is None and (day := url_date(page.url)) is not None:
        # Last resort, after the page's own dates and its feed or sitemap date: the date in its URL.
        article.published_at = datetime(day.year, day.month, day.day, tzinfo=UTC)
        article.date_source = "url"
    return ArticleRow(
        url=article_url(page.url, article.canonical_url),
        source=source.slug,
        title=article.title,
        authors=article.authors,
        published_at=article.published_at,
        modified_at=article.modified_at,
        language=article.language,
        text=article.text,
        word_count=article.word_count,
        tags=article.tags,
        image_url=article.image_url,
        site_name=article.site_name,
        content_hash=content_hash(article.text),
        fingerprint=f"{simhash(article.text):016x}",
        extractor_version=EXTRACTOR_VERSION,
        page_id=page.id,
        seen_at=now,
        meta={
            "language_confidence": article.language_confidence,
            "date_source": article.date_source,
            "description": article.description,
            "dropped": article.dropped,
        },
    )


def _extract(
    page: Row[Any], source: Source, extractor: BoundedExtractor | ExtractorPool
) -> Article | _Failed:
    try:
        raw = zlib.decompress(page.body)
        check_body(raw)
        # Repair before extraction too: cleaning turns the NBSP inside "Ã\xa0" (à) into a space.
        html = repair_text(check_html(decode_raw(raw, page.headers.get("Content-Type"))))
        article = extractor.extract(html, page.final_url, source.rules, page.hint_published_at)
        if article is not None:
            article.text = repair_text(article.text)
            article.title = repair_text(article.title) if article.title else article.title
            check_text(article.text)
    except RejectedPageError as exc:
        error_class = "BadHTML" if exc.error_class == "NewsingestError" else exc.error_class
        stage = "too_large" if error_class == "TooLarge" else "extract"
        return _Failed(stage, error_class, exc.detail)
    except Exception as exc:  # one bad page must not stop the run: record it and go on
        log.exception("extraction of %s failed", page.url)
        return _Failed("extract", type(exc).__name__, str(exc) or type(exc).__name__)
    if article is None:
        return _Failed("empty", "EmptyExtraction", "no article text found on the page")
    if is_stub(article.text, article.word_count):
        return _Failed("empty", "PaywallStub", f"{article.word_count} words ending in a subscription prompt")
    if article.word_count < MIN_WORDS:
        return _Failed("empty", "TooShort", f"{article.word_count} words, fewer than {MIN_WORDS}")
    return article


PAGE_COLUMNS = ("id", "url", "final_url", "headers", "body", "hint_published_at")


def process_batch(
    engine: Engine,
    source: Source,
    run_id: int | None,
    batch: list[Row[Any]],
    counts: ProcessCounts,
    extractor: ExtractorPool | None = None,
) -> None:
    """Extract and load one batch of stored pages in one transaction, and mark them processed."""
    if extractor is None:
        with extractor_pool() as own:
            process_batch(engine, source, run_id, batch, counts, own)
        return
    now = datetime.now(UTC)
    rows: list[ArticleRow] = []
    failures: list[tuple[Row[Any], _Failed]] = []
    batch_counts = ProcessCounts()
    results = extractor.map(lambda page: _extract(page, source, extractor), batch)
    for page, result in zip(batch, results, strict=True):
        if isinstance(result, _Failed):
            failures.append((page, result))
            batch_counts.failed[f"{result.stage}/{result.error_class}"] += 1
        else:
            row = to_row(result, page, source, now)
            batch_counts.undated += row.published_at is None
            rows.append(row)
            batch_counts.dropped.update(result.dropped)
    settings = get_settings()
    # Extraction is done once; only the transaction is retried when the connection drops.
    loaded = with_retries(
        lambda: _load_batch(engine, source, run_id, batch, rows, failures, now),
        settings.db_retries,
        settings.db_retry_backoff,
        f"loading a batch of {source.slug}",
    )
    batch_counts.loaded = loaded
    for _ in loaded.kept_page_ids:
        batch_counts.failed["empty/ShorterText"] += 1
    batch_counts.pages = len(batch)
    counts.add(batch_counts)


def _load_batch(
    engine: Engine,
    source: Source,
    run_id: int | None,
    batch: list[Row[Any]],
    rows: list[ArticleRow],
    failures: list[tuple[Row[Any], _Failed]],
    now: datetime,
) -> LoadCounts:
    pages = table_of(Page)
    failed_ids = {page.id for page, _ in failures}
    with engine.begin() as conn:
        loaded = load_articles(conn, rows)
        kept = set(loaded.kept_page_ids)
        shorter = [
            (page, _Failed("empty", "ShorterText", "much shorter than the stored text, which was kept"))
            for page in batch
            if page.id in kept
        ]
        for page, failed in [*failures, *shorter]:
            record_failure(
                conn,
                source=source.slug,
                run_id=run_id,
                stage=failed.stage,
                url=page.url,
                error_class=failed.error_class,
                detail=failed.detail,
            )
        resolve_failures(
            conn,
            [p.url for p in batch if p.id not in failed_ids | kept],
            ("extract", "empty", "load", "too_large"),
        )
        conn.execute(update(pages).where(pages.c.id.in_([p.id for p in batch])).values(processed_at=now))
    return loaded


def process_pending(
    engine: Engine,
    source: Source,
    run_id: int | None,
    batch_size: int = 100,
    progress: Callable[[int], None] | None = None,
) -> ProcessCounts:
    """Extract and load every unprocessed page of source, one transaction per batch."""
    pages = table_of(Page)
    counts = ProcessCounts()
    settings = get_settings()

    def next_batch() -> list[Row[Any]]:
        with engine.connect() as conn:
            return list(
                conn.execute(
                    select(*(pages.c[name] for name in PAGE_COLUMNS))
                    .where(pages.c.source == source.slug, pages.c.processed_at.is_(None))
                    .order_by(pages.c.id)
                    .limit(batch_size)
                ).all()
            )

    with extractor_pool() as extractor:
        while True:
            batch = with_retries(
                next_batch, settings.db_retries, settings.db_retry_backoff, f"reading {source.slug}'s pages"
            )
            if not batch:
                return counts
            process_batch(engine, source, run_id, batch, counts, extractor)
            if progress:
                progress(counts.pages)
