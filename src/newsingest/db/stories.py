"""Stories of newly loaded articles: a copy of an earlier text joins its story, other texts start one.

A batch is attached with a handful of statements: one read of every article sharing a new article's
content hash, then the story inserts and the article and story updates, each run once for all rows.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from newsingest.db.models import Article, Story, table_of

StoryRef = int | tuple[str, int]  # a stored story's id, or ("new", index into the stories to insert)


@dataclass(slots=True)
class _Known:
    story: StoryRef | None
    published_at: datetime | None
    duplicate_of: int | None
    stored: bool  # already in the database before this batch (only its duplicate_of may change)


@dataclass(slots=True)
class NewArticle:
    """An article just inserted, to be placed in a story."""

    id: int
    title: str | None
    url: str
    content_hash: str
    published_at: datetime | None
    seen_at: datetime


class _Batch:
    """The stories and links of a batch, worked out in memory in insertion order."""

    def __init__(self, conn: Connection, fresh: list[NewArticle]) -> None:
        """Read every article that shares a content hash with one of fresh."""
        articles = table_of(Article)
        new_ids = {a.id for a in fresh}
        self.pending = set(new_ids)  # inserted by this batch, not attached yet: invisible to the others
        self.known: dict[int, _Known] = {}
        self.by_hash: dict[str, list[int]] = {}
        rows = conn.execute(
            select(
                articles.c.id,
                articles.c.story_id,
                articles.c.published_at,
                articles.c.duplicate_of_id,
                articles.c.content_hash,
            )
            .where(articles.c.content_hash.in_({a.content_hash for a in fresh}))
            .order_by(articles.c.id)
        )
        for r in rows:
            self.known[r.id] = _Known(r.story_id, r.published_at, r.duplicate_of_id, r.id not in new_ids)
            self.by_hash.setdefault(r.content_hash, []).append(r.id)
        self.new_stories: list[dict[str, Any]] = []
        self.bumps: Counter[int] = Counter()  # stored story id -> articles added
        self.changed: set[int] = set()

    def attach(self, article: NewArticle) -> bool:
        """Place article as the sequential loader would; return True when it copies an earlier text."""
        self.pending.discard(article.id)
        me = self.known[article.id]
        self.changed.add(article.id)
        others = [i for i in self.by_hash[article.content_hash] if i != article.id and i not in self.pending]
        if not others:
            me.story = ("new", len(self.new_stories))
            self.new_stories.append(
                {"title": article.title or article.url, "first_seen_at": article.seen_at, "article_count": 1}
            )
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
                self.changed.add(other)
        else:
            me.duplicate_of = original
        return True

    def write(self, conn: Connection) -> None:
        """Insert the new stories, then update the articles' links and the stored stories' counts."""
        articles, stories = table_of(Article), table_of(Story)
        story_ids: list[int] = []
        if self.new_stories:
            inserted = conn.execute(
                stories.insert().returning(stories.c.id, sort_by_parameter_order=True), self.new_stories
            )
            story_ids = [r.id for r in inserted]

        def story_id(ref: StoryRef | None) -> int | None:
            return story_ids[ref[1]] if isinstance(ref, tuple) else ref

        links = [
            {"b_id": i, "b_story": story_id(self.known[i].story), "b_dup": self.known[i].duplicate_of}
            for i in sorted(self.changed)
            if not self.known[i].stored
        ]
        repointed = [
            {"b_id": i, "b_dup": self.known[i].duplicate_of}
            for i in sorted(self.changed)
            if self.known[i].stored
        ]
        by_id = articles.c.id == bindparam("b_id")
        if links:
            conn.execute(
                update(articles)
                .where(by_id)
                .values(story_id=bindparam("b_story"), duplicate_of_id=bindparam("b_dup")),
                links,
            )
        if repointed:
            conn.execute(update(articles).where(by_id).values(duplicate_of_id=bindparam("b_dup")), repointed)
        if self.bumps:
            conn.execute(
                update(stories)
                .where(stories.c.id == bindparam("b_id"))
                .values(article_count=stories.c.article_count + bindparam("b_n")),
                [{"b_id": i, "b_n": n} for i, n in sorted(self.bumps.items())],
            )


def attach_stories(conn: Connection, fresh: list[NewArticle]) -> int:
    """Put each newly inserted article (in order) in a story; return how many copy an earlier text."""
    if not fresh:
        return 0
    batch = _Batch(conn, fresh)
    duplicates = sum(batch.attach(article) for article in fresh)
    batch.write(conn)
    return duplicates
