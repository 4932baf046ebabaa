"""The idempotent loader: upsert articles by canonical URL, keep superseded texts as versions."""

from collections import Counter
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, delete, insert, select, update

from newsingest.contracts import ArticleRow
from newsingest.db.dialect import dialect_insert
from newsingest.db.models import Article, ArticleVersion, Page, Story, table_of
from newsingest.db.scrub import scrub
from newsingest.db.stories import NewArticle, StoryPlan, forget_bands
from newsingest.db.writer import allocate_ids, take_loader_lock
from newsingest.dedup.fingerprint import content_hash, simhash

# A reload with less than this share of the stored words is a stub, a paywall or a broken template
# (empty extraction, "Subscribe to continue"), not an edit: the stored full text stays.
MIN_KEPT_SHARE = 0.5


# The fields that reach the database as strings or JSON (everything else is a date, a number or None).
_TEXT_FIELDS = tuple(
    f.name
    for f in fields(ArticleRow)
    if f.name not in ("published_at", "modified_at", "word_count", "page_id", "seen_at", "fetched_at")
)


def scrubbed(row: ArticleRow) -> ArticleRow:
    """Return row without NUL characters or lone surrogates in any string, list or JSON field."""
    changes: dict[str, Any] = {}
    for name in _TEXT_FIELDS:
        value = getattr(row, name)
        clean = scrub(value)
        if clean != value:
            changes[name] = clean
    if "text" in changes:  # the keys of the text describe what is stored
        changes["content_hash"] = content_hash(changes["text"])
        changes["fingerprint"] = f"{simhash(changes['text']):016x}"
    return replace(row, **changes) if changes else row


@dataclass(slots=True)
class LoadCounts:
    """What one load did."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    stale: int = 0  # of unchanged: pages fetched before the one behind the stored text, not applied
    stories_new: int = 0  # stories started by new or changed articles
    stories_joined: int = 0  # articles (not copies) that joined an existing story by their words
    kept_page_ids: list[int] = field(default_factory=list)  # pages whose much shorter text was not loaded

    def add(self, other: "LoadCounts") -> None:
        """Add other's counts to these."""
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.duplicates += other.duplicates
        self.stale += other.stale
        self.stories_new += other.stories_new
        self.stories_joined += other.stories_joined
        self.kept_page_ids += other.kept_page_ids


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


def _new_article(article_id: int, row: ArticleRow) -> NewArticle:
    return NewArticle(
        article_id,
        row.title,
        row.url,
        row.content_hash,
        row.published_at,
        row.seen_at,
        text=row.text,
        source=row.source,
        language=row.language,
    )


def _insert_new(conn: Connection, rows: list[ArticleRow]) -> StoryPlan:
    """Insert rows, in order, each with its story and original; return the plan that placed them."""
    articles = table_of(Article)
    ids = allocate_ids(conn, articles, len(rows))
    fresh = [_new_article(i, row) for i, row in zip(ids, rows, strict=True)]
    plan = StoryPlan(conn, fresh)
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
    return plan


def _much_shorter(row: ArticleRow, stored_words: int | None) -> bool:
    return stored_words is not None and row.word_count < stored_words * MIN_KEPT_SHARE


def _older(row: ArticleRow, than: datetime | None) -> bool:
    return row.fetched_at is not None and than is not None and row.fetched_at < than


def _newest_by_url(rows: list[ArticleRow]) -> dict[str, ArticleRow]:
    """Return one row per URL: the latest fetch (of equal or unknown fetch times, the last in the batch)."""
    by_url: dict[str, ArticleRow] = {}
    for row in rows:
        held = by_url.get(row.url)
        if held is None or not _older(row, held.fetched_at):
            by_url[row.url] = row
    return by_url


def load_articles(conn: Connection, rows: list[ArticleRow]) -> LoadCounts:
    """Upsert rows in conn's transaction; an article's text is versioned only when it really changes."""
    # A row from a page fetched before the page behind the stored text is not applied (a reprocess or a
    # backfill running beside an ingest must not bring back an older text); it counts as unchanged.
    counts = LoadCounts()
    by_url = _newest_by_url([scrubbed(row) for row in rows])
    if not by_url:
        return counts
    articles, versions, pages = table_of(Article), table_of(ArticleVersion), table_of(Page)
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
                articles.c.page_id,
                articles.c.story_id,
                pages.c.fetched_at,
            )
            .select_from(articles.outerjoin(pages, pages.c.id == articles.c.page_id))
            .where(articles.c.url.in_(list(by_url)))
        )
    }
    seen_again: list[dict[str, Any]] = []  # unchanged texts: one statement for all of them
    changed: list[tuple[Row[Any], ArticleRow]] = []
    for url, row in by_url.items():
        current = existing.get(url)
        if current is None:
            continue
        if _older(row, current.fetched_at):
            counts.unchanged += 1
            counts.stale += 1
        elif current.content_hash != row.content_hash and _much_shorter(row, current.word_count):
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
                    page_id=current.page_id,
                )
                .on_conflict_do_nothing(index_elements=["article_id", "content_hash"])
            )
            conn.execute(
                update(articles)
                .where(articles.c.id == current.id)
                .values(**_columns(row), last_seen_at=row.seen_at, story_id=None, duplicate_of_id=None)
            )
            changed.append((current, row))
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
    if changed:
        replaced = _relink_changed(conn, changed)
        counts.stories_new += replaced.new_stories
        counts.stories_joined += replaced.joined
    # New articles last, so they find copies among the texts this batch changed too (as a later batch would).
    fresh = [row for url, row in by_url.items() if url not in existing]
    plan = _insert_new(conn, fresh)
    counts.duplicates = plan.duplicates
    counts.new = len(fresh) - counts.duplicates
    counts.stories_new += plan.new_stories
    counts.stories_joined += plan.joined
    return counts


def _relink_changed(conn: Connection, changed: list[tuple[Row[Any], ArticleRow]]) -> StoryPlan:
    """Take articles whose text changed out of their old story and original, and place them by the new one."""
    articles, stories = table_of(Article), table_of(Story)
    moved = {current.id for current, _row in changed}
    forget_bands(conn, moved)
    left = Counter(current.story_id for current, _row in changed if current.story_id is not None)
    if left:
        conn.execute(
            update(stories)
            .where(stories.c.id == bindparam("b_id"))
            .values(article_count=stories.c.article_count - bindparam("b_n")),
            [{"b_id": i, "b_n": n} for i, n in sorted(left.items())],
        )
        conn.execute(delete(stories).where(stories.c.id.in_(list(left)), stories.c.article_count <= 0))
    # Copies of a changed article's old text keep their story; the earliest-published becomes their original.
    copies: dict[int, list[Row[Any]]] = {}
    for copy in conn.execute(
        select(articles.c.id, articles.c.duplicate_of_id, articles.c.published_at)
        .where(articles.c.duplicate_of_id.in_(list(moved)), articles.c.id.not_in(list(moved)))
        .order_by(articles.c.id)
    ):
        copies.setdefault(copy.duplicate_of_id, []).append(copy)
    repoint: list[dict[str, Any]] = []
    for group in copies.values():
        original = min(group, key=lambda r: (r.published_at is None, r.published_at or datetime.min, r.id))
        repoint += [{"b_id": r.id, "b_dup": None if r is original else original.id} for r in group]
    if repoint:
        conn.execute(
            update(articles)
            .where(articles.c.id == bindparam("b_id"))
            .values(duplicate_of_id=bindparam("b_dup")),
            repoint,
        )
    placed = sorted((_new_article(current.id, row) for current, row in changed), key=lambda a: a.id)
    plan = StoryPlan(conn, placed, exclude=moved)
    conn.execute(
        update(articles)
        .where(articles.c.id == bindparam("b_id"))
        .values(story_id=bindparam("b_story"), duplicate_of_id=bindparam("b_dup")),
        [
            {"b_id": a.id, "b_story": link.story_id, "b_dup": link.duplicate_of_id}
            for a in placed
            for link in [plan.link(a.id)]
        ],
    )
    plan.finish(conn)
    return plan
