"""Stories of new articles, worked out before they are inserted: a copy joins its story, others start one.

The loader hands over the new articles with their ids already allocated (db.writer), so each goes in
with its story and original in place; only links to an article later in the same batch, stored articles
re-pointed to an earlier-published copy and stored stories' counts need statements of their own.
"""

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from newsingest.db.models import Article, Story, table_of
from newsingest.db.writer import allocate_ids

StoryRef = int | tuple[str, int]  # a stored story's id, or ("new", index into the stories to insert)


@dataclass(slots=True)
class _Known:
    story: StoryRef | None
    published_at: datetime | None
    duplicate_of: int | None
    stored: bool  # in the database before this batch (only its duplicate_of may change)


@dataclass(slots=True)
class NewArticle:
    """An article about to be inserted under an allocated id, to be placed in a story."""

    id: int
    title: str | None
    url: str
    content_hash: str
    published_at: datetime | None
    seen_at: datetime


@dataclass(slots=True)
class Link:
    """A new article's story and, when it copies an earlier text, its original."""

    story_id: int | None
    duplicate_of_id: int | None


class StoryPlan:
    """The stories and links of a batch of new articles, placed in order as one at a time would be."""

    def __init__(self, conn: Connection, fresh: list[NewArticle], exclude: Collection[int] = ()) -> None:
        """Read the stored articles (but exclude) sharing a content hash with fresh, then place fresh."""
        # Stored articles whose text changed in this batch are placed again as fresh ones under their own
        # ids (exclude): they must not be found as stored copies of themselves.
        articles = table_of(Article)
        self.known: dict[int, _Known] = {}
        self.by_hash: dict[str, list[int]] = {}  # ids ascending: stored first, then this batch's in order
        self.new_stories: list[dict[str, Any]] = []
        self.bumps: Counter[int] = Counter()  # stored story id -> articles added
        self.repointed: set[int] = set()  # stored articles whose original changed
        self.fresh_ids = {article.id for article in fresh}
        if fresh:
            where = [articles.c.content_hash.in_({a.content_hash for a in fresh})]
            if exclude:
                where.append(articles.c.id.not_in(list(exclude)))
            rows = conn.execute(
                select(
                    articles.c.id,
                    articles.c.story_id,
                    articles.c.published_at,
                    articles.c.duplicate_of_id,
                    articles.c.content_hash,
                )
                .where(*where)
                .order_by(articles.c.id)
            )
            for r in rows:
                self.known[r.id] = _Known(r.story_id, r.published_at, r.duplicate_of_id, True)
                self.by_hash.setdefault(r.content_hash, []).append(r.id)
        self.duplicates = sum(self._place(article) for article in fresh)
        self.story_ids: list[int] = []

    def _place(self, article: NewArticle) -> bool:
        """Place article after the ones before it; return True when it copies an earlier text."""
        others = self.by_hash.setdefault(article.content_hash, [])
        me = _Known(None, article.published_at, None, False)
        self.known[article.id] = me
        if not others:
            me.story = ("new", len(self.new_stories))
            self.new_stories.append(
                {"title": article.title or article.url, "first_seen_at": article.seen_at, "article_count": 1}
            )
            others.append(article.id)
            return False
        original = next((i for i in others if self.known[i].duplicate_of is None), others[0])
        first = self.known[original]
        if isinstance(first.story, tuple):
            self.new_stories[first.story[1]]["article_count"] += 1
        elif first.story is not None:
            self.bumps[first.story] += 1
        me.story = first.story
        # The earliest-published copy is the original: a copy loaded before its original is re-pointed.
        if article.published_at is not None and (
            first.published_at is None or article.published_at < first.published_at
        ):
            for other in others:
                self.known[other].duplicate_of = article.id
                if self.known[other].stored:
                    self.repointed.add(other)
        else:
            me.duplicate_of = original
        others.append(article.id)
        return True

    def _story_id(self, ref: StoryRef | None) -> int | None:
        return self.story_ids[ref[1]] if isinstance(ref, tuple) else ref

    def insert_stories(self, conn: Connection) -> None:
        """Insert the new stories under allocated ids and count the copies joining stored ones."""
        stories = table_of(Story)
        self.story_ids = allocate_ids(conn, stories, len(self.new_stories))
        if self.new_stories:
            rows = [story | {"id": i} for story, i in zip(self.new_stories, self.story_ids, strict=True)]
            conn.execute(stories.insert(), rows)
        if self.bumps:
            conn.execute(
                update(stories)
                .where(stories.c.id == bindparam("b_id"))
                .values(article_count=stories.c.article_count + bindparam("b_n")),
                [{"b_id": i, "b_n": n} for i, n in sorted(self.bumps.items())],
            )

    def _links_a_later_row(self, article_id: int) -> bool:
        # Rows go in one by one in id order: a link to a later row would fail its foreign key.
        original = self.known[article_id].duplicate_of
        return original is not None and original in self.fresh_ids and original > article_id

    def link(self, article_id: int) -> Link:
        """Return what a new article goes in with (an original inserted after it comes in finish)."""
        me = self.known[article_id]
        original = None if self._links_a_later_row(article_id) else me.duplicate_of
        return Link(self._story_id(me.story), original)

    def finish(self, conn: Connection) -> None:
        """Set the links the inserts could not carry: to later rows, and stored copies re-pointed."""
        articles = table_of(Article)
        ids = [i for i in sorted(self.fresh_ids) if self._links_a_later_row(i)] + sorted(self.repointed)
        later = [{"b_id": i, "b_dup": self.known[i].duplicate_of} for i in ids]
        if later:
            conn.execute(
                update(articles)
                .where(articles.c.id == bindparam("b_id"))
                .values(duplicate_of_id=bindparam("b_dup")),
                later,
            )
