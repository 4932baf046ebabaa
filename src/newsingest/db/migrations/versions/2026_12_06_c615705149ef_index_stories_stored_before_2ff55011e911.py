"""stories stored before 2ff55011e911 in the look-up index: span, sources, languages, terms and bands

Revision ID: c615705149ef
Revises: 2ff55011e911
Create Date: 2026-12-06 00:35:00.000000

Stories written before 2ff55011e911 (groups of identical texts) got empty sources, languages and terms,
their first time as their last, and neither they nor their articles got index rows: new articles could
neither join them nor be found as near-copies of their texts. This fills them in as the loader would
have: the span, sources and languages of their articles, the terms of their originals (copies add none),
`story_terms` rows, and the LSH band keys of every article. Every story placed since has a language, so
stories without one are exactly those. They are read 200 at a time (memory stays bounded); the cost is
that of placing each article's text again: 16 s for 9,000 articles of 400 words on a 2-core machine.

On SQLite, 2ff55011e911 rebuilt the stories table, and dropping the old one set every article's story_id
to NULL (the foreign key's ON DELETE SET NULL). Such articles are linked again first: a story then was
one original and its copies (`duplicate_of_id`), named and timed after the first of them loaded, so each
such group gets back the story of that title and time, or a new one when it changed since.
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import newsingest.db.types
from newsingest.dedup.minhash import bands, shingles, signature
from newsingest.dedup.neardup import MIN_WORDS
from newsingest.stories.similarity import merged
from newsingest.stories.terms import article_terms

revision: str = "c615705149ef"
down_revision: str | None = "2ff55011e911"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHUNK = 200
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
When = newsingest.db.types.UTCDateTime(timezone=True)

# The tables as this revision knows them (the models may have moved on since).
stories = sa.table(
    "stories",
    sa.column("id", Id),
    sa.column("title", sa.Text()),
    sa.column("article_count", sa.Integer()),
    sa.column("first_seen_at", When),
    sa.column("last_seen_at", When),
    sa.column("sources", JSON),
    sa.column("languages", JSON),
    sa.column("terms", JSON),
)
articles = sa.table(
    "articles",
    sa.column("id", Id),
    sa.column("story_id", Id),
    sa.column("duplicate_of_id", Id),
    sa.column("title", sa.Text()),
    sa.column("url", sa.Text()),
    sa.column("text", sa.Text()),
    sa.column("source", sa.String(64)),
    sa.column("language", sa.String(8)),
    sa.column("published_at", When),
    sa.column("first_seen_at", When),
)
story_terms = sa.table(
    "story_terms",
    sa.column("term", sa.String(64)),
    sa.column("story_id", Id),
    sa.column("first_seen_at", When),
    sa.column("last_seen_at", When),
)
article_bands = sa.table(
    "article_bands",
    sa.column("band", sa.BigInteger()),
    sa.column("article_id", Id),
    sa.column("seen_at", When),
)


def _index(conn: sa.Connection, story_ids: list[int]) -> None:
    """Fill in the stories story_ids and index them and their articles."""
    members: dict[int, list[Any]] = {}
    for r in conn.execute(
        sa.select(articles).where(articles.c.story_id.in_(story_ids)).order_by(articles.c.id)
    ):
        members.setdefault(r.story_id, []).append(r)
    indexed = set(
        conn.execute(
            sa.select(article_bands.c.article_id).where(
                article_bands.c.article_id.in_([a.id for group in members.values() for a in group])
            )
        ).scalars()
    )
    updates: list[dict[str, Any]] = []
    term_rows: list[dict[str, Any]] = []
    band_rows: list[dict[str, Any]] = []
    for story_id, group in sorted(members.items()):
        at = {a.id: a.published_at or a.first_seen_at for a in group}
        first, last = min(at.values()), max(at.values())
        terms: dict[str, float] = {}
        for a in group:
            if a.duplicate_of_id is None:  # a copy adds no terms (db.stories)
                terms = merged(terms, article_terms(a.title, a.text))
            if a.id not in indexed and len(a.text.split()) >= MIN_WORDS:
                keys = sorted(set(bands(signature(shingles(a.text)))))
                band_rows += [{"band": k, "article_id": a.id, "seen_at": at[a.id]} for k in keys]
        updates.append(
            {
                "b_id": story_id,
                "b_first": first,
                "b_last": last,
                "b_sources": sorted({a.source for a in group if a.source}),
                "b_languages": sorted({a.language for a in group}),
                "b_terms": terms,
            }
        )
        term_rows += [
            {"term": t, "story_id": story_id, "first_seen_at": first, "last_seen_at": last} for t in terms
        ]
    if updates:
        conn.execute(
            sa.update(stories)
            .where(stories.c.id == sa.bindparam("b_id"))
            .values(
                first_seen_at=sa.bindparam("b_first"),
                last_seen_at=sa.bindparam("b_last"),
                sources=sa.bindparam("b_sources"),
                languages=sa.bindparam("b_languages"),
                terms=sa.bindparam("b_terms"),
            ),
            updates,
        )
        conn.execute(sa.delete(story_terms).where(story_terms.c.story_id.in_([u["b_id"] for u in updates])))
    if term_rows:
        conn.execute(sa.insert(story_terms), term_rows)
    if band_rows:
        conn.execute(sa.insert(article_bands), band_rows)


def _relink_orphans(conn: sa.Connection) -> None:
    """Give articles without a story the story of their group of copies (see the module's docstring)."""
    orphans = conn.execute(
        sa.select(
            articles.c.id,
            articles.c.duplicate_of_id,
            articles.c.title,
            articles.c.url,
            articles.c.first_seen_at,
        )
        .where(articles.c.story_id.is_(None))
        .order_by(articles.c.id)
    ).all()
    if not orphans:
        return
    groups: dict[int, list[Any]] = {}
    for a in orphans:
        groups.setdefault(a.duplicate_of_id or a.id, []).append(a)
    unindexed = {
        (r.first_seen_at, r.title): r.id
        for r in conn.execute(
            sa.select(stories.c.id, stories.c.title, stories.c.first_seen_at, stories.c.languages)
        )
        if not r.languages
    }
    links: list[dict[str, Any]] = []
    for group in groups.values():
        creator = group[0]  # the first loaded: ids ascend
        story_id = unindexed.pop((creator.first_seen_at, creator.title or creator.url), None)
        if story_id is None:
            story_id = conn.execute(
                sa.insert(stories)
                .returning(stories.c.id)
                .values(
                    title=creator.title or creator.url,
                    article_count=len(group),
                    first_seen_at=creator.first_seen_at,
                    last_seen_at=creator.first_seen_at,
                    sources=[],
                    languages=[],
                    terms={},
                )
            ).scalar_one()
        else:
            conn.execute(sa.update(stories).where(stories.c.id == story_id).values(article_count=len(group)))
        links += [{"b_id": a.id, "b_story": story_id} for a in group]
    conn.execute(
        sa.update(articles)
        .where(articles.c.id == sa.bindparam("b_id"))
        .values(story_id=sa.bindparam("b_story")),
        links,
    )
    # Stories whose articles all went elsewhere since: nothing points at them.
    members = sa.select(articles.c.id).where(articles.c.story_id == stories.c.id).exists()
    conn.execute(sa.delete(stories).where(stories.c.id.in_(list(unindexed.values())), ~members))


def upgrade() -> None:
    """Apply this revision."""
    conn = op.get_bind()
    _relink_orphans(conn)
    after = 0
    while True:
        rows = conn.execute(
            sa.select(stories.c.id, stories.c.languages)
            .where(stories.c.id > after)
            .order_by(stories.c.id)
            .limit(CHUNK)
        ).all()
        if not rows:
            break
        after = rows[-1].id
        unindexed = [r.id for r in rows if not r.languages]
        if unindexed:
            _index(conn, unindexed)


def downgrade() -> None:
    """Revert this revision: nothing to undo, the rows filled in are what the loader writes."""
