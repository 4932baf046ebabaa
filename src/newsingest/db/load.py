"""The idempotent loader: upsert articles by canonical URL, keep superseded texts as versions."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from newsingest.db.models import Article, ArticleVersion, table_of
from newsingest.db.stories import NewArticle, StoryPlan
from newsingest.db.writer import allocate_ids, take_loader_lock

# A reload with less than this share of the stored words is a stub, a paywall or a broken template
# (empty extraction, "Subscribe to continue"), not an edit: the stored full text stays.
MIN_KEPT_SHARE = 0.5


@dataclass(slots=True)
class ArticleRow:
    """Everything the loader writes for one article."""

    url: str
    source: str
    title: str | None
    authors: list[str]
    published_at: datetime | None
    modified_at: datetime | None
    language: str
    text: str
    word_count: int
    tags: list[str]
    image_url: str | None
    site_name: str | None
    content_hash: str
    fingerprint: str
    extractor_version: str
    page_id: int | None
    seen_at: datetime
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class LoadCounts:
    """What one load did."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    kept_page_ids: list[int] = field(default_factory=list)  # pages whose much shorter text was not loaded

    def add(self, other: "LoadCounts") -> None:
        """Add other's counts to these."""
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.duplicates += other.duplicates
        self.kept_page_ids += other.kept_page_ids


def dialect_insert(conn: Connection, table: Table) -> Any:
    """Return the dialect's INSERT for table, the one with ON CONFLICT (SQLite and PostgreSQL)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def _columns(row: ArticleRow) -> dict[str, Any]:
    return {
        "url": row.url,
        "source": row.source,
        "title": row.title,
        "authors": row.authors,
        "published_at": row.published_at,
        "modified_at": row.modified_at,
        "language": row.language,
        "text": row.text,
        "word_count": row.word_count,
        "tags": row.tags,
        "image_url": row.image_url,
        "site_name": row.site_name,
        "content_hash": row.content_hash,
        "fingerprint": row.fingerprint,
        "extractor_version": row.extractor_version,
        "page_id": row.page_id,
        "meta": row.meta,
    }


def _insert_new(conn: Connection, rows: list[ArticleRow]) -> int:
    """Insert rows, in order, each with its story and original; return how many copy an earlier text."""
    articles = table_of(Article)
    ids = allocate_ids(conn, articles, len(rows))
    fresh = [
        NewArticle(i, row.title, row.url, row.content_hash, row.published_at, row.seen_at)
        for i, row in zip(ids, rows, strict=True)
    ]
    plan = StoryPlan(conn, fresh)
    plan.insert_stories(conn)
    values = []
    for i, row in zip(ids, rows, strict=True):
        link = plan.link(i)
        values.append(
            _columns(row)
            | {"id": i, "story_id": link.story_id, "duplicate_of_id": link.duplicate_of_id}
            | {"first_seen_at": row.seen_at, "last_seen_at": row.seen_at}
        )
    if values:
        # No RETURNING and no ON CONFLICT: the ids are ours, and under the loader lock no other
        # loader can have inserted these URLs since they were read; the driver's executemany does it.
        conn.execute(insert(articles), values)
    plan.finish(conn)
    return plan.duplicates


def _much_shorter(row: ArticleRow, stored_words: int | None) -> bool:
    return stored_words is not None and row.word_count < stored_words * MIN_KEPT_SHARE


def load_articles(conn: Connection, rows: list[ArticleRow]) -> LoadCounts:
    """Upsert rows in conn's transaction; an article's text is versioned only when it really changes."""
    counts = LoadCounts()
    by_url = {row.url: row for row in rows}  # the same URL twice in a batch: the last fetch wins
    if not by_url:
        return counts
    articles, versions = table_of(Article), table_of(ArticleVersion)
    take_loader_lock(conn)
    existing = {
        r.url: r
        for r in conn.execute(
            select(
                articles.c.id,
                articles.c.url,
                articles.c.content_hash,
                articles.c.text,
                articles.c.title,
                articles.c.last_seen_at,
                articles.c.word_count,
            ).where(articles.c.url.in_(list(by_url)))
        )
    }
    seen_again: list[dict[str, Any]] = []  # unchanged texts: one statement for all of them
    for url, row in by_url.items():
        current = existing.get(url)
        if current is None:
            continue
        if current.content_hash != row.content_hash and _much_shorter(row, current.word_count):
            conn.execute(update(articles).where(articles.c.id == current.id).values(last_seen_at=row.seen_at))
            if row.page_id is not None:
                counts.kept_page_ids.append(row.page_id)
            counts.unchanged += 1
        elif current.content_hash != row.content_hash:
            conn.execute(
                dialect_insert(conn, versions)
                .values(
                    article_id=current.id,
                    content_hash=current.content_hash,
                    title=current.title,
                    text=current.text,
                    seen_at=current.last_seen_at,
                )
                .on_conflict_do_nothing(index_elements=["article_id", "content_hash"])
            )
            conn.execute(
                update(articles)
                .where(articles.c.id == current.id)
                .values(**_columns(row), last_seen_at=row.seen_at)
            )
            counts.updated += 1
        else:
            seen_again.append(
                {
                    "b_id": current.id,
                    "b_seen": row.seen_at,
                    "b_version": row.extractor_version,
                    "b_page": row.page_id,
                }
            )
            counts.unchanged += 1
    if seen_again:
        conn.execute(
            update(articles)
            .where(articles.c.id == bindparam("b_id"))
            .values(
                last_seen_at=bindparam("b_seen"),
                extractor_version=bindparam("b_version"),
                page_id=bindparam("b_page"),
            ),
            seen_again,
        )
    # New articles last, so they find copies among the texts this batch changed too (as a later batch would).
    fresh = [row for url, row in by_url.items() if url not in existing]
    counts.duplicates = _insert_new(conn, fresh)
    counts.new = len(fresh) - counts.duplicates
    return counts
