"""Stories and originals of a batch of new articles, worked out before the articles are inserted.

A copy of an earlier text (the same content hash, or a near-copy: MinHash LSH bands in `article_bands`,
checked on the word shingles) joins its original's story, and the earliest-published copy is the
original. Any other article joins the closest story of its time window (TF-IDF cosine over terms, fading
with time, found through `story_terms`) or starts one.

Everything the batch looks up is read first, in a few statements for the whole batch (the same-hash
rows, the band rows, each article's window counts and postings in one statement each); the articles are
then placed in order in memory, each seeing the stories the ones before it changed (stories.window), and
the stories are written once at the end. A batch is placed exactly as one article at a time would be.
The loader lock (db.writer) keeps concurrent loaders from interleaving.
"""

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, or_, select, update

from newsingest.db.models import Article, ArticleBand, Story, StoryTerm, table_of
from newsingest.db.types import UTCDateTime
from newsingest.db.writer import allocate_ids
from newsingest.dedup.minhash import bands, shingles, signature
from newsingest.dedup.neardup import MIN_WORDS, NEAR_WINDOW, near_copy
from newsingest.stories import similarity
from newsingest.stories.terms import article_terms
from newsingest.stories.window import Overlay, StoryState, Window, candidates, closest

MAX_NEAR_CANDIDATES = 50  # stored articles whose text is compared with a new one
CHUNK = 100  # articles per compound statement of two parts each (SQLite allows 500 parts)
_NEW_STORY = 1 << 62  # ids of stories started in the batch until they are allocated: after every stored id


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
class _Prepared:
    """What placing an article needs from its text and from what was stored before the batch."""

    article: NewArticle
    grams: set[str]
    keys: list[int]  # LSH band keys, none for a text under MIN_WORDS
    words: int
    same_hash: bool = False  # an earlier text (stored or of the batch) has its content hash
    near: int | None = None  # the closest near-copy among stored and earlier articles, if any
    terms: dict[str, float] = field(default_factory=dict)
    window: Window | None = None  # read only for an article that will look for a story

    @property
    def copy(self) -> bool:
        return self.same_hash or self.near is not None


def _chunks(items: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _ranges(spans: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """Return the union of spans as disjoint ranges, in order."""
    merged: list[tuple[datetime, datetime]] = []
    for low, high in sorted(spans):
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


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
        self.batch_at: dict[int, datetime] = {}
        self.stories: dict[int, StoryState] = {}  # read or started in this batch, as they stand now
        self.overlay = Overlay()
        self.created: list[int] = []  # stories started, by their provisional ids
        self.reindexed: set[int] = set()  # stories whose index rows are rewritten
        self.new_stories = 0
        self.joined = 0  # articles (not copies) that joined a stored or earlier story by their words
        self._copies_read: set[int] = set()  # originals whose stored copies are in known
        prepared = [self._prepare(article) for article in fresh]
        self._read_same_hash(fresh)
        self._find_near_copies(prepared)
        for p in prepared:
            # An article without a published date has no time to meet an event by: its load time says when
            # it was fetched (an evergreen page, a backfill), not when it happened. It joins a story only as
            # a copy, and its own story has no terms, so no other article joins it by its words either.
            if not p.copy and p.article.published_at is not None:
                p.terms = article_terms(p.article.title, p.article.text)
        self._read_windows([p for p in prepared if p.terms and p.words >= similarity.MIN_WORDS])
        self.duplicates = sum(self._place(p) for p in prepared)
        self._write_stories()

    # Reading what is stored ------------------------------------------------------------------------

    def _prepare(self, article: NewArticle) -> _Prepared:
        words = len(article.text.split())
        grams = shingles(article.text) if words >= MIN_WORDS else set()
        keys = bands(signature(grams)) if grams else []
        return _Prepared(article, grams, keys, words)

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
        missing = sorted({i for i in ids if i not in self.known})
        if not missing:
            return
        articles = table_of(Article)
        for r in self.conn.execute(
            select(
                articles.c.id, articles.c.story_id, articles.c.published_at, articles.c.duplicate_of_id
            ).where(articles.c.id.in_(missing))
        ):
            self.known[r.id] = _Known(r.story_id, r.published_at, r.duplicate_of_id, True)

    def _stored_near(self, prepared: list[_Prepared]) -> dict[int, list[int]]:
        """Return, per article with band keys, the stored articles sharing most of its keys in its window."""
        band_table = table_of(ArticleBand)
        asking = [p for p in prepared if p.keys]
        if not asking:
            return {}
        spans = _ranges((p.article.at - NEAR_WINDOW, p.article.at + NEAR_WINDOW) for p in asking)
        where = [
            band_table.c.band.in_(sorted({k for p in asking for k in p.keys})),
            or_(*(band_table.c.seen_at.between(low, high) for low, high in spans)),
        ]
        if self.exclude:
            where.append(band_table.c.article_id.not_in(list(self.exclude)))
        by_key: dict[int, list[tuple[int, datetime]]] = {}
        for band, article_id, seen_at in self.conn.execute(
            select(band_table.c.band, band_table.c.article_id, band_table.c.seen_at).where(*where)
        ).tuples():
            by_key.setdefault(band, []).append((article_id, seen_at))
        found: dict[int, list[int]] = {}
        for p in asking:
            low, high = p.article.at - NEAR_WINDOW, p.article.at + NEAR_WINDOW
            hits = Counter(
                article_id
                for key in set(p.keys)
                for article_id, seen_at in by_key.get(key, ())
                if low <= seen_at <= high
            )
            found[p.article.id] = sorted(hits, key=lambda i: (-hits[i], i))[:MAX_NEAR_CANDIDATES]
        return found

    def _find_near_copies(self, prepared: list[_Prepared]) -> None:
        """Mark which articles copy an earlier text, and read the stored originals they copy."""
        articles = table_of(Article)
        stored_near = self._stored_near(prepared)
        wanted = sorted({i for ids in stored_near.values() for i in ids})
        stored_grams: dict[int, set[str]] = {}
        for part in _chunks(wanted):
            for r in self.conn.execute(select(articles.c.id, articles.c.text).where(articles.c.id.in_(part))):
                stored_grams[r.id] = shingles(r.text)
        hashes = set(self.by_hash)
        batch_bands: dict[int, list[int]] = {}  # band key -> this batch's articles having it
        batch_grams: dict[int, set[str]] = {}
        for p in prepared:
            article = p.article
            p.same_hash = article.content_hash in hashes
            hashes.add(article.content_hash)
            if p.keys and not p.same_hash:
                texts = {i: batch_grams[i] for key in p.keys for i in batch_bands.get(key, ())}
                for i in stored_near.get(article.id, ()):
                    texts.setdefault(i, stored_grams[i])
                best: tuple[float, int] | None = None
                for other, other_grams in texts.items():
                    score = near_copy(p.grams, other_grams)
                    if score is not None and (best is None or (score, -other) > (best[0], -best[1])):
                        best = (score, other)
                p.near = None if best is None else best[1]
            if p.keys:
                self.bands[article.id] = p.keys
                self.batch_at[article.id] = article.at
                batch_grams[article.id] = p.grams
                for key in p.keys:
                    batch_bands.setdefault(key, []).append(article.id)
        originals = [p.near for p in prepared if p.near is not None and p.near not in self.fresh_ids]
        self._read_articles(originals)
        self._read_articles(d for i in originals if (d := self.known[i].duplicate_of) is not None)

    def _read_windows(self, placing: list[_Prepared]) -> None:
        """Read each article's window as stored: stories meeting it, its terms' counts and postings."""
        windows: list[tuple[Window, dict[str, float]]] = []
        for p in placing:
            at = p.article.at
            p.window = Window(at - similarity.WINDOW, at + similarity.WINDOW)
            windows.append((p.window, p.terms))
        stories, index = table_of(Story).name, table_of(StoryTerm).name
        for part in _chunks(windows):
            asks: list[tuple[Window, list[str]]] = [(w, []) for w, _terms in part]
            for n, live in self._per_window(f"SELECT {{n}}, count(*) FROM {stories} WHERE {{window}}", asks):
                part[n][0].live += int(live)
            asks = [(w, sorted(terms) if w.live else []) for w, terms in part]
            sql = f"SELECT {{n}}, term, count(*) FROM {index} WHERE {{terms}} AND {{window}} GROUP BY term"
            for n, term, frequency in self._per_window(sql, asks):
                counts = part[n][0].frequency
                counts[term] = counts.get(term, 0) + int(frequency)
            asks = [(w, sorted(t for t in w.frequency if w.read_postings_of(t))) for w, _terms in part]
            sql = f"SELECT {{n}}, term, story_id FROM {index} WHERE {{terms}} AND {{window}}"
            for n, term, story_id in self._per_window(sql, asks):
                part[n][0].postings.append((term, story_id))
        # The stories each article would score were nothing changed in the batch: most of what it reads.
        ahead = {k.story for k in self.known.values() if k.story is not None}
        for w, terms in windows:
            weights = {t: similarity.idf(w.frequency.get(t, 0), w.live) for t in terms}
            ahead.update(candidates(terms, weights, w.postings))
        self._stories(ahead)

    def _per_window(self, sql: str, asks: list[tuple[Window, list[str]]]) -> list[Any]:
        """Run sql for each window (and its terms, if sql has {terms}) in one statement: rows lead with n.

        Each window is asked in two parts, whose rows are added up: stories ending inside it (their start
        is before its end: the index on the end time answers alone) and stories ending after it but
        starting before its end (the start is read from the rows, for a LOOKUP_AHEAD's worth of them).
        Sent as the driver's SQL: a compound of a hundred selects costs SQLAlchemy more to compile than
        the database to run.
        """
        dialect = self.conn.dialect
        mark = "?" if dialect.paramstyle == "qmark" else "%s"  # sqlite3; psycopg
        to_db = UTCDateTime().bind_processor(dialect) or (lambda value: value)
        inside = f"last_seen_at BETWEEN {mark} AND {mark}"
        across = f"last_seen_at > {mark} AND last_seen_at <= {mark} AND first_seen_at <= {mark}"
        parts: list[str] = []
        values: list[Any] = []
        for n, (window, terms) in enumerate(asks):
            if "{terms}" not in sql:
                terms = []
            elif not terms:
                continue
            low, high, until = to_db(window.low), to_db(window.high), to_db(window.until)
            these = f"term IN ({', '.join([mark] * len(terms))})"
            parts += [sql.format(n=n, terms=these, window=part) for part in (inside, across)]
            values += [*terms, low, high, *terms, high, until, high]
        if not parts:
            return []
        return list(self.conn.exec_driver_sql(" UNION ALL ".join(parts), tuple(values)).tuples())

    def _stories(self, ids: Iterable[int]) -> Mapping[int, StoryState]:
        """Return stories by id, reading those not yet read."""
        stories = table_of(Story)
        missing = sorted({i for i in ids if i not in self.stories})
        for part in _chunks(missing):
            for r in self.conn.execute(select(stories).where(stories.c.id.in_(part))):
                self.stories[r.id] = StoryState(
                    r.id, r.first_seen_at, r.last_seen_at, r.article_count, r.sources, r.languages, r.terms
                )
        return self.stories

    def _stored_postings(self, window: Window, terms: list[str]) -> list[tuple[str, int]]:
        index = table_of(StoryTerm)
        rows = self.conn.execute(
            select(index.c.term, index.c.story_id).where(
                index.c.term.in_(terms),
                index.c.last_seen_at.between(window.low, window.until),
                index.c.first_seen_at <= window.high,
            )
        )
        return [(t, s) for t, s in rows.tuples()]

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

    def _touch_story(self, story_id: int, article: NewArticle, terms: dict[str, float] | None) -> None:
        """Add article to a story: its count, time span, sources, languages and (unless a copy) terms."""
        story = self._stories([story_id])[story_id]
        self.overlay.change(story, stored=story_id < _NEW_STORY)
        span = (story.first, story.last)
        story.first, story.last = min(story.first, article.at), max(story.last, article.at)
        story.count += 1
        if article.source and article.source not in story.sources:
            story.sources = sorted([*story.sources, article.source])
        if article.language not in story.languages:
            story.languages = sorted([*story.languages, article.language])
        if terms:
            story.terms = similarity.merged(story.terms, terms)
        if terms or span != (story.first, story.last):
            self.reindexed.add(story_id)

    def _new_story(self, article: NewArticle, terms: dict[str, float]) -> int:
        story = StoryState(
            _NEW_STORY + len(self.created),
            article.at,
            article.at,
            1,
            [article.source] if article.source else [],
            [article.language],
            similarity.merged({}, terms),
            article.title or article.url,
        )
        self.stories[story.id] = story
        self.overlay.change(story, stored=False)
        self.created.append(story.id)
        self.new_stories += 1
        return story.id

    def _closest_story(self, p: _Prepared) -> int | None:
        """Return the story of the article's window that its terms match best, if close enough."""
        window = p.window
        if window is None:
            return None
        return closest(
            p.article.at,
            p.terms,
            window,
            self.overlay,
            self._stories,
            lambda terms: self._stored_postings(window, terms),
        )

    def _write_stories(self) -> None:
        """Write the stories the batch started or changed, and their index rows."""
        stories, index = table_of(Story), table_of(StoryTerm)
        final = dict(zip(self.created, allocate_ids(self.conn, stories, len(self.created)), strict=True))
        for known in self.known.values():
            if known.story is not None:
                known.story = final.get(known.story, known.story)
        changed = [self.stories[i] for i in self.overlay.now if i not in final]
        if final:
            self.conn.execute(
                insert(stories),
                [
                    {
                        "id": final[s.id],
                        "title": s.title,
                        "first_seen_at": s.first,
                        "last_seen_at": s.last,
                        "article_count": s.count,
                        "sources": s.sources,
                        "languages": s.languages,
                        "terms": s.terms,
                    }
                    for s in (self.stories[i] for i in self.created)
                ],
            )
        if changed:
            self.conn.execute(
                update(stories)
                .where(stories.c.id == bindparam("b_id"))
                .values(
                    first_seen_at=bindparam("b_first"),
                    last_seen_at=bindparam("b_last"),
                    article_count=bindparam("b_count"),
                    sources=bindparam("b_sources"),
                    languages=bindparam("b_languages"),
                    terms=bindparam("b_terms"),
                ),
                [
                    {
                        "b_id": s.id,
                        "b_first": s.first,
                        "b_last": s.last,
                        "b_count": s.count,
                        "b_sources": s.sources,
                        "b_languages": s.languages,
                        "b_terms": s.terms,
                    }
                    for s in changed
                ],
            )
        stale = sorted(i for i in self.reindexed if i not in final)
        for part in _chunks(stale):
            self.conn.execute(delete(index).where(index.c.story_id.in_(part)))
        rows = [
            {"term": t, "story_id": final.get(s.id, s.id), "first_seen_at": s.first, "last_seen_at": s.last}
            for s in [*(self.stories[i] for i in stale), *(self.stories[i] for i in self.created)]
            for t in s.terms
        ]
        if rows:
            self.conn.execute(insert(index), rows)

    # Placing ---------------------------------------------------------------------------------------

    def _place(self, p: _Prepared) -> bool:
        """Place an article after the ones before it; return True when it copies an earlier text."""
        article = p.article
        others = self.by_hash.setdefault(article.content_hash, [])
        me = _Known(None, article.published_at, None, False)
        original: int | None = None
        if others:
            original = self._original_of(
                next((i for i in others if self.known[i].duplicate_of is None), others[0])
            )
        elif p.near is not None:
            original = self._original_of(p.near)
        self.known[article.id] = me
        others.append(article.id)
        if original is not None:
            self._join_copy(article, me, original)
            return True
        story = self._closest_story(p)
        if story is None:
            me.story = self._new_story(article, p.terms)
        else:
            self._touch_story(story, article, p.terms)
            me.story = story
            self.joined += 1
        return False

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
