"""Retention: delete old raw pages that nothing needs any more, in short transactions."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, Engine, and_, delete, exists, func, not_, or_, select

from newsingest.db.models import Article, ArticleVersion, Page, table_of
from newsingest.db.writer import take_loader_lock

BATCH_SIZE = 1000  # pages deleted per transaction: the loader and the crawl wait at most one batch


@dataclass(slots=True)
class PruneCounts:
    """What one prune deleted, and why each old page it left was kept."""

    deleted: int = 0
    kept_for_articles: int = 0  # behind a stored article's text or one of its versions
    kept_unprocessed: int = 0  # not yet extracted
    kept_latest: int = 0  # the newest page of its URL: the crawl's record that it fetched the URL


def _reasons_to_keep() -> tuple[ColumnElement[bool], ColumnElement[bool], ColumnElement[bool]]:
    """Return the conditions (unprocessed, behind an article, newest of its URL) that keep a page."""
    pages, articles, versions = table_of(Page), table_of(Article), table_of(ArticleVersion)
    newer = pages.alias("newer")
    unprocessed = pages.c.processed_at.is_(None)
    behind_article = or_(
        exists().where(articles.c.page_id == pages.c.id),
        exists().where(versions.c.page_id == pages.c.id),
    )
    # The crawl decides which URLs it has fetched already from pages (crawl.store.known_urls): a URL
    # whose every page went would be fetched again.
    latest = not_(
        exists().where(
            newer.c.source == pages.c.source,
            newer.c.canonical_url == pages.c.canonical_url,
            or_(
                newer.c.fetched_at > pages.c.fetched_at,
                and_(newer.c.fetched_at == pages.c.fetched_at, newer.c.id > pages.c.id),
            ),
        )
    )
    return unprocessed, behind_article, latest


def prune_pages(
    engine: Engine, keep_days: int, now: datetime | None = None, batch_size: int = BATCH_SIZE
) -> PruneCounts:
    """Delete pages fetched over keep_days ago, but those behind articles, unprocessed or newest of a URL."""
    if keep_days < 0:
        raise ValueError(f"keep_days must be 0 or more, not {keep_days}")
    cutoff = (now or datetime.now(UTC)) - timedelta(days=keep_days)
    pages = table_of(Page)
    unprocessed, behind_article, latest = _reasons_to_keep()
    old = pages.c.fetched_at < cutoff
    prunable = and_(old, not_(unprocessed), not_(behind_article), not_(latest))
    counts = PruneCounts()
    while True:
        with engine.begin() as conn:
            # Under the loader's lock no loader can point an article at a page between the check and
            # the delete (the foreign key would silently set its page_id to NULL).
            take_loader_lock(conn)
            ids = list(conn.execute(select(pages.c.id).where(prunable).limit(batch_size)).scalars())
            if ids:
                conn.execute(delete(pages).where(pages.c.id.in_(ids)))
        counts.deleted += len(ids)
        if len(ids) < batch_size:
            break
    with engine.connect() as conn:

        def count(*where: ColumnElement[bool]) -> int:
            return int(conn.execute(select(func.count()).select_from(pages).where(old, *where)).scalar_one())

        counts.kept_unprocessed = count(unprocessed)
        counts.kept_for_articles = count(not_(unprocessed), behind_article)
        counts.kept_latest = count(not_(unprocessed), not_(behind_article), latest)
    return counts
