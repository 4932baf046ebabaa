"""Turn a source's unprocessed raw pages into articles, recording every failure and moving on."""

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Engine, Row, select, update

from newsingest.crawl.dates import url_date
from newsingest.db.failures import record_failure, resolve_failures
from newsingest.db.load import ArticleRow, LoadCounts, load_articles
from newsingest.db.models import Page, table_of
from newsingest.dedup import canonical_url, content_hash, simhash
from newsingest.errors import NewsingestError
from newsingest.extract import EXTRACTOR_VERSION, Article, extract_article
from newsingest.process.decode import decode_body
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


def _extract(page: Row[Any], source: Source) -> Article | _Failed:
    try:
        html = decode_body(page.body, page.headers.get("Content-Type"))
        article = extract_article(
            html, url=page.final_url, rules=source.rules, hint_published_at=page.hint_published_at
        )
    except NewsingestError as exc:
        return _Failed("extract", "BadHTML", str(exc))
    except Exception as exc:  # one bad page must not stop the run: record it and go on
        log.exception("extraction of %s failed", page.url)
        return _Failed("extract", type(exc).__name__, str(exc) or type(exc).__name__)
    if article is None:
        return _Failed("empty", "EmptyExtraction", "no article text found on the page")
    if article.word_count < MIN_WORDS:
        return _Failed("empty", "TooShort", f"{article.word_count} words, fewer than {MIN_WORDS}")
    return article


PAGE_COLUMNS = ("id", "url", "final_url", "headers", "body", "hint_published_at")


def process_batch(
    engine: Engine, source: Source, run_id: int | None, batch: list[Row[Any]], counts: ProcessCounts
) -> None:
    """Extract and load one batch of stored pages in one transaction, and mark them processed."""
    pages = table_of(Page)
    now = datetime.now(UTC)
    rows: list[ArticleRow] = []
    failures: list[tuple[Row[Any], _Failed]] = []
    for page in batch:
        result = _extract(page, source)
        if isinstance(result, _Failed):
            failures.append((page, result))
            counts.failed[f"{result.stage}/{result.error_class}"] += 1
        else:
            row = to_row(result, page, source, now)
            counts.undated += row.published_at is None
            rows.append(row)
            counts.dropped.update(result.dropped)
    failed_ids = {page.id for page, _ in failures}
    with engine.begin() as conn:
        counts.loaded.add(load_articles(conn, rows))
        for page, failed in failures:
            record_failure(
                conn,
                source=source.slug,
                run_id=run_id,
                stage=failed.stage,
                url=page.url,
                error_class=failed.error_class,
                detail=failed.detail,
            )
        resolve_failures(conn, [p.url for p in batch if p.id not in failed_ids], ("extract", "empty", "load"))
        conn.execute(update(pages).where(pages.c.id.in_([p.id for p in batch])).values(processed_at=now))
    counts.pages += len(batch)


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
    while True:
        with engine.connect() as conn:
            batch = conn.execute(
                select(*(pages.c[name] for name in PAGE_COLUMNS))
                .where(pages.c.source == source.slug, pages.c.processed_at.is_(None))
                .order_by(pages.c.id)
                .limit(batch_size)
            ).all()
        if not batch:
            return counts
        process_batch(engine, source, run_id, list(batch), counts)
        if progress:
            progress(counts.pages)
