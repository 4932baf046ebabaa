"""Stories and originals of new articles, worked out one at a time before the articles are inserted.

A copy of an earlier text (the same content hash, or a near-copy: MinHash LSH bands in `article_bands`,
checked on the word shingles) joins its original's story, and the earliest-published copy is the
original. Any other article joins the closest story of its time window (TF-IDF cosine over terms, fading
with time, found through `story_terms`) or starts one. Story rows are written as each article is placed,
so the next article of the batch finds them as a later batch would: a batch is placed exactly as one
article at a time would be. The loader lock (db.writer) keeps concurrent loaders from interleaving.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from newsingest.db.models import Article, ArticleBand, Story, StoryTerm, table_of
from newsingest.db.writer import allocate_ids
from newsingest.dedup.minhash import bands, shingles, signature
from newsingest.dedup.neardup import MIN_WORDS, NEAR_WINDOW, near_copy
from newsingest.stories import similarity
from newsingest.stories.terms import article_terms

MAX_POSTINGS = 200  # a term in more stories of the window than this says nothing about the event
MAX_CANDIDATES = 10  # stories scored in full, of those sharing the most informative terms
MAX_NEAR_CANDIDATES = 50  # stored articles whose text is compared with a new one


@dataclass(slots=True)
class _Known:
    story: int | None
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
    text: str = ""
    source: str = ""
    language: str = "und"

    @property
    def at(self) -> datetime:
        """Return the article's time: published, else loaded."""
        return self.published_at or self.seen_at


@dataclass(slots=True)
class Link:
    """A new article's story and, when it copies an earlier text, its original."""

    story_id: int | None
    duplicate_of_id: int | None


@dataclass(slots=True)
class _Story:
    id: int
    first: datetime
    last: datetime
    count: int
    sources: list[str]
    languages: list[str]
    terms: dict[str, float] = field(default_factory=dict)


class StoryPlan:
    """The stories and links of a batch of new articles, placed in order as one at a time would be."""

    def __init__(self, conn: Connection, fresh: list[NewArticle], exclude: Collection[int] = ()) -> None:
        """Place fresh in order: stored articles in exclude (placed again) are not found as copies."""
        self.conn = conn
        self.exclude = set(exclude)
        self.known: dict[int, _Known] = {}
        self.by_hash: dict[str, list[int]] = {}  # ids ascending: stored first, then this batch's in order
        self.repointed: set[int] = set()  # stored articles whose original changed
        self.fresh_ids = {article.id for article in fresh}
        self.bands: dict[int, list[int]] = {}  # LSH band keys of this batch's articles
        self.batch_bands: dict[int, list[int]] = {}  # band key -> this batch's articles having it
        self.batch_shingles: dict[int, set[str]] = {}
        self.batch_at: dict[int, datetime] = {}
        self.new_stories = 0
        self.joined = 0  # articles (not copies) that joined a stored or earlier story by their words
        self._copies_read: set[int] = set()  # originals whose stored copies are in known
        self._read_same_hash(fresh)
        self.duplicates = sum(self._place(article) for article in fresh)

    # Reading what is stored ------------------------------------------------------------------------

    def _read_same_hash(self, fresh: list[NewArticle]) -> None:
        articles = table_of(Article)
        if not fresh:
            return
        where = [articles.c.content_hash.in_({a.content_hash for a in fresh})]
        if self.exclude:
            where.append(articles.c.id.not_in(list(self.exclude)))
        rows = self.conn.execute(
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

    def _read_articles(self, ids: Iterable[int]) -> None:
        """Add stored articles to known."""
        missing = [i for i in ids if i not in self.known]
        if not missing:
            return
        articles = table_of(Article)
        for r in self.conn.execute(
            select(
                articles.c.id, articles.c.story_id, articles.c.published_at, articles.c.duplicate_of_id
            ).where(articles.c.id.in_(missing))
        ):
            self.known[r.id] = _Known(r.story_id, r.published_at, r.duplicate_of_id, True)

    def _copies(self, original: int) -> list[int]:
        """Return the ids of every known or stored copy of original."""
        if original not in self._copies_read and self.known[original].stored:
            articles = table_of(Article)
            where = [articles.c.duplicate_of_id == original]
            if self.exclude:
                where.append(articles.c.id.not_in(list(self.exclude)))
            self._read_articles(self.conn.execute(select(articles.c.id).where(*where)).scalars())
            self._copies_read.add(original)
        return sorted(i for i, k in self.known.items() if k.duplicate_of == original)

    def _original_of(self, article_id: int) -> int:
        self._read_articles([article_id])
        me = self.known[article_id]
        if me.duplicate_of is None:
            return article_id
        self._read_articles([me.duplicate_of])
        return me.duplicate_of

    # Copies ----------------------------------------------------------------------------------------

    def _near_original(self, article: NewArticle, grams: set[str], keys: list[int]) -> int | None:
        """Return the original of the stored or batch article article's text nearly copies, if any."""
        found: set[int] = set()
        for key in keys:
            found.update(self.batch_bands.get(key, ()))
        band_table, articles = table_of(ArticleBand), table_of(Article)
        where = [
            band_table.c.band.in_(keys),
            band_table.c.seen_at.between(article.at - NEAR_WINDOW, article.at + NEAR_WINDOW),
        ]
        if self.exclude:
            where.append(band_table.c.article_id.not_in(list(self.exclude)))
        stored = self.conn.execute(
            select(band_table.c.article_id, func.count().label("hits"))
            .where(*where)
            .group_by(band_table.c.article_id)
            .order_by(func.count().desc(), band_table.c.article_id)
            .limit(MAX_NEAR_CANDIDATES)
        ).all()
        texts = {i: self.batch_shingles[i] for i in found}
        stored_ids = [r.article_id for r in stored if r.article_id not in texts]
        if stored_ids:
            for r in self.conn.execute(
                select(articles.c.id, articles.c.text).where(articles.c.id.in_(stored_ids))
            ):
                texts[r.id] = shingles(r.text)
        best: tuple[float, int] | None = None
        for other, other_grams in texts.items():
            score = near_copy(grams, other_grams)
            if score is not None and (best is None or (score, -other) > (best[0], -best[1])):
                best = (score, other)
        return None if best is None else self._original_of(best[1])

    def _join_copy(self, article: NewArticle, me: _Known, original: int) -> None:
        first = self.known[original]
        me.story = first.story
        if first.story is not None:
            self._touch_story(first.story, article, None)
        # The earliest-published copy is the original: a copy loaded before its original is re-pointed.
        if article.published_at is not None and (
            first.published_at is None or article.published_at < first.published_at
        ):
            for other in [original, *self._copies(original)]:
                self.known[other].duplicate_of = article.id
                if self.known[other].stored:
                    self.repointed.add(other)
        else:
            me.duplicate_of = original

    # Stories ---------------------------------------------------------------------------------------

    def _story(self, story_id: int) -> _Story:
        stories = table_of(Story)
        r = self.conn.execute(select(stories).where(stories.c.id == story_id)).one()
        return _Story(r.id, r.first_seen_at, r.last_seen_at, r.article_count, r.sources, r.languages, r.terms)

    def _write_terms(self, story: _Story) -> None:
        index = table_of(StoryTerm)
        self.conn.execute(delete(index).where(index.c.story_id == story.id))
        if story.terms:
            self.conn.execute(
                insert(index),
                [
                    {
                        "term": t,
                        "story_id": story.id,
                        "first_seen_at": story.first,
                        "last_seen_at": story.last,
                    }
                    for t in story.terms
                ],
            )

    def _touch_story(self, story_id: int, article: NewArticle, terms: dict[str, float] | None) -> None:
        """Add article to a story: its count, time span, sources, languages and (unless a copy) terms."""
        story = self._story(story_id)
        span = (story.first, story.last)
        story.first, story.last = min(story.first, article.at), max(story.last, article.at)
        story.count += 1
        if article.source and article.source not in story.sources:
            story.sources = sorted([*story.sources, article.source])
        if article.language not in story.languages:
            story.languages = sorted([*story.languages, article.language])
        if terms:
            story.terms = similarity.merged(story.terms, terms)
        stories = table_of(Story)
        self.conn.execute(
            update(stories)
            .where(stories.c.id == story.id)
            .values(
                first_seen_at=story.first,
                last_seen_at=story.last,
                article_count=story.count,
                sources=story.sources,
                languages=story.languages,
                terms=story.terms,
            )
        )
        if terms or span != (story.first, story.last):
            self._write_terms(story)

    def _new_story(self, article: NewArticle, terms: dict[str, float]) -> int:
        stories = table_of(Story)
        [story_id] = allocate_ids(self.conn, stories, 1)
        story = _Story(
            story_id,
            article.at,
            article.at,
            1,
            [article.source] if article.source else [],
            [article.language],
            similarity.merged({}, terms),
        )
        self.conn.execute(
            insert(stories).values(
                id=story.id,
                title=article.title or article.url,
                first_seen_at=story.first,
                last_seen_at=story.last,
                article_count=1,
                sources=story.sources,
                languages=story.languages,
                terms=story.terms,
            )
        )
        self._write_terms(story)
        self.new_stories += 1
        return story_id

    def _closest_story(self, article: NewArticle, terms: dict[str, float]) -> int | None:
        """Return the story of the article's window that its terms match best, if close enough."""
        if not terms:
            return None
        stories, index = table_of(Story), table_of(StoryTerm)
        low, high = article.at - similarity.WINDOW, article.at + similarity.WINDOW
        in_window = [index.c.last_seen_at >= low, index.c.first_seen_at <= high]
        live = self.conn.execute(
            select(func.count()).where(stories.c.last_seen_at >= low, stories.c.first_seen_at <= high)
        ).scalar_one()
        if not live:
            return None
        frequency: dict[str, int] = {
            term: int(n)
            for term, n in self.conn.execute(
                select(index.c.term, func.count())
                .where(index.c.term.in_(list(terms)), *in_window)
                .group_by(index.c.term)
            ).tuples()
        }
        weights = {t: similarity.idf(frequency.get(t, 0), live) for t in terms}
        rare = [t for t, n in frequency.items() if n <= MAX_POSTINGS]
        if not rare:
            return None
        evidence: dict[int, float] = {}
        for term, story_id in self.conn.execute(
            select(index.c.term, index.c.story_id).where(index.c.term.in_(rare), *in_window)
        ).tuples():
            evidence[story_id] = evidence.get(story_id, 0.0) + weights[term] * terms[term]
        candidates = sorted(evidence, key=lambda i: (-evidence[i], i))[:MAX_CANDIDATES]
        default = similarity.idf(1, live)
        best: tuple[float, int] | None = None
        for r in self.conn.execute(
            select(stories.c.id, stories.c.first_seen_at, stories.c.last_seen_at, stories.c.terms).where(
                stories.c.id.in_(candidates)
            )
        ):
            cosine, shared = similarity.similarity(terms, r.terms, weights, default)
            if shared < similarity.MIN_SHARED:
                continue
            score = cosine * similarity.decay(
                similarity.gap_days(article.at, r.first_seen_at, r.last_seen_at)
            )
            if score >= similarity.THRESHOLD and (best is None or (score, -r.id) > (best[0], -best[1])):
                best = (score, r.id)
        return None if best is None else best[1]

    # Placing ---------------------------------------------------------------------------------------

    def _place(self, article: NewArticle) -> bool:
        """Place article after the ones before it; return True when it copies an earlier text."""
        others = self.by_hash.setdefault(article.content_hash, [])
        me = _Known(None, article.published_at, None, False)
        grams = shingles(article.text) if len(article.text.split()) >= MIN_WORDS else set()
        keys = bands(signature(grams)) if grams else []
        original: int | None = None
        if others:
            original = self._original_of(
                next((i for i in others if self.known[i].duplicate_of is None), others[0])
            )
        elif keys:
            original = self._near_original(article, grams, keys)
        self.known[article.id] = me
        others.append(article.id)
        if keys:
            self.bands[article.id] = keys
            self.batch_at[article.id] = article.at
            self.batch_shingles[article.id] = grams
            for key in keys:
                self.batch_bands.setdefault(key, []).append(article.id)
        if original is not None:
            self._join_copy(article, me, original)
            return True
        terms = article_terms(article.title, article.text)
        words = len(article.text.split())
        story = self._closest_story(article, terms) if words >= similarity.MIN_WORDS else None
        if story is None:
            me.story = self._new_story(article, terms)
        else:
            self._touch_story(story, article, terms)
            me.story = story
            self.joined += 1
        return False

    def insert_stories(self, conn: Connection) -> None:
        """Kept for the loader's order of steps: stories are written as articles are placed."""

    def _links_a_later_row(self, article_id: int) -> bool:
        # Rows go in one by one in id order: a link to a later row would fail its foreign key.
        original = self.known[article_id].duplicate_of
        return original is not None and original in self.fresh_ids and original > article_id

    def link(self, article_id: int) -> Link:
        """Return what a new article goes in with (an original inserted after it comes in finish)."""
        me = self.known[article_id]
        original = None if self._links_a_later_row(article_id) else me.duplicate_of
        return Link(me.story, original)

    def finish(self, conn: Connection) -> None:
        """Set the links the inserts could not carry and index the new articles' bands."""
        articles, band_table = table_of(Article), table_of(ArticleBand)
        ids = [i for i in sorted(self.fresh_ids) if self._links_a_later_row(i)] + sorted(self.repointed)
        later = [{"b_id": i, "b_dup": self.known[i].duplicate_of} for i in ids]
        if later:
            conn.execute(
                update(articles)
                .where(articles.c.id == bindparam("b_id"))
                .values(duplicate_of_id=bindparam("b_dup")),
                later,
            )
        rows: list[dict[str, Any]] = []
        for article_id, keys in sorted(self.bands.items()):
            at = self.batch_at[article_id]
            rows += [{"band": key, "article_id": article_id, "seen_at": at} for key in sorted(set(keys))]
        if rows:
            conn.execute(insert(band_table), rows)


def forget_bands(conn: Connection, article_ids: Collection[int]) -> None:
    """Delete the band keys of articles about to be placed again."""
    band_table = table_of(ArticleBand)
    if article_ids:
        conn.execute(delete(band_table).where(band_table.c.article_id.in_(list(article_ids))))


__all__ = ["Link", "NewArticle", "StoryPlan", "forget_bands"]
