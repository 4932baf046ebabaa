"""The data contract: tables users query directly (DESIGN.md §3). Changes go through Alembic."""

from datetime import datetime
from typing import Any, ClassVar, cast

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql import text as sql_text

from newsingest.db.types import PortableJSON, UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only auto-increments INTEGER PRIMARY KEY; BIGINT there would need explicit ids.
Id = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    """Declarative base with a naming convention so migrations get stable constraint names."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: PortableJSON,
        list[str]: PortableJSON,
    }


class SourceRow(Base):
    """One configured outlet, with a snapshot of its config and its health."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    domain: Mapped[str] = mapped_column(String(253))
    config: Mapped[dict[str, Any]]
    last_run_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)


class CrawlRun(Base):
    """One source's part of one flow run, with its counters."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    flow_run_id: Mapped[str | None] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(64), index=True)
    params: Mapped[dict[str, Any]]
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16))
    discovered: Mapped[int] = mapped_column(Integer, default=0)
    fetched: Mapped[int] = mapped_column(Integer, default=0)
    skipped_known: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    counters: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Page(Base):
    """A raw fetched page exactly as served, so extraction can be re-run without the network."""

    __tablename__ = "pages"
    __table_args__ = (Index("ix_pages_unprocessed", "source", "processed_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(Text)
    canonical_url: Mapped[str] = mapped_column(Text, index=True)
    final_url: Mapped[str] = mapped_column(Text)
    status: Mapped[int] = mapped_column(Integer)
    headers: Mapped[dict[str, Any]]
    fetched_at: Mapped[datetime]
    body: Mapped[bytes] = mapped_column(LargeBinary, doc="zstd-compressed (rows of older versions: zlib)")
    body_size: Mapped[int] = mapped_column(Integer)
    body_hash: Mapped[str] = mapped_column(String(64))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id", ondelete="SET NULL"), index=True)
    discovered_via: Mapped[str | None] = mapped_column(Text)
    hint_published_at: Mapped[datetime | None] = mapped_column(doc="date given by the feed or sitemap")
    processed_at: Mapped[datetime | None]


class Story(Base):
    """Articles about one event, across sources: syndicated copies and reports in other words."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    first_seen_at: Mapped[datetime] = mapped_column(
        doc="time of its earliest article (published, else loaded)"
    )
    last_seen_at: Mapped[datetime] = mapped_column(index=True, doc="time of its latest article")
    article_count: Mapped[int] = mapped_column(Integer, default=1)
    sources: Mapped[list[str]] = mapped_column(default=list)
    languages: Mapped[list[str]] = mapped_column(default=list)
    terms: Mapped[dict[str, Any]] = mapped_column(default=dict, doc="strongest terms and weights (centroid)")


class StoryTerm(Base):
    """The index stories are found by: one row per story and term, with the story's time span."""

    __tablename__ = "story_terms"
    __table_args__ = (Index("ix_story_terms_term_last_seen_at", "term", "last_seen_at"),)

    term: Mapped[str] = mapped_column(String(64), primary_key=True)
    story_id: Mapped[int] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]


class ArticleBand(Base):
    """The index near-copies are found by: the MinHash LSH band keys of each article's text."""

    __tablename__ = "article_bands"
    __table_args__ = (Index("ix_article_bands_band_seen_at", "band", "seen_at"),)

    band: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    seen_at: Mapped[datetime] = mapped_column(doc="the article's time (published, else loaded)")


class Article(Base):
    """The clean article: one row per canonical URL."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    source: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    authors: Mapped[list[str]] = mapped_column(default=list)
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    modified_at: Mapped[datetime | None]
    language: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    word_count: Mapped[int] = mapped_column(Integer)
    tags: Mapped[list[str]] = mapped_column(default=list)
    image_url: Mapped[str | None] = mapped_column(Text)
    site_name: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    fingerprint: Mapped[str] = mapped_column(String(16), doc="64-bit SimHash of the text, hex")
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id", ondelete="SET NULL"), index=True)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    page_id: Mapped[int | None] = mapped_column(
        ForeignKey("pages.id", ondelete="SET NULL"), index=True, doc="the page the current text came from"
    )
    extractor_version: Mapped[str] = mapped_column(String(32))
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]


class ArticleVersion(Base):
    """A text an article had before it really changed (corrections, updates)."""

    __tablename__ = "article_versions"
    __table_args__ = (UniqueConstraint("article_id", "content_hash"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    seen_at: Mapped[datetime]
    page_id: Mapped[int | None] = mapped_column(
        ForeignKey("pages.id", ondelete="SET NULL"), index=True, doc="the page this text came from"
    )


class FeedState(Base):
    """The HTTP validators of a feed, sitemap or listing URL, for conditional GET on the next run."""

    __tablename__ = "feed_states"

    source: Mapped[str] = mapped_column(String(64), primary_key=True)
    url: Mapped[str] = mapped_column(Text, primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    status: Mapped[int] = mapped_column(Integer)
    entries: Mapped[int] = mapped_column(Integer, default=0)
    checked_at: Mapped[datetime]


class Failure(Base):
    """Something that went wrong for one URL at one stage; repeats bump attempts."""

    __tablename__ = "failures"
    __table_args__ = (
        # One open row per stage and URL: writers upsert on it (db.failures.record_failure).
        Index(
            "uq_failures_open",
            "stage",
            "url",
            unique=True,
            sqlite_where=sql_text("resolved_at IS NULL"),
            postgresql_where=sql_text("resolved_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id", ondelete="SET NULL"), index=True)
    source: Mapped[str] = mapped_column(String(64), index=True)
    stage: Mapped[str] = mapped_column(String(16))
    url: Mapped[str] = mapped_column(Text)
    error_class: Mapped[str] = mapped_column(String(100))
    http_status: Mapped[int | None] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    detail: Mapped[str] = mapped_column(Text)
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]


class HealthAlert(Base):
    """One problem the health checks see in a source, from first seen until it clears, and its alerts."""

    __tablename__ = "health_alerts"
    __table_args__ = (
        # One open row per source and problem: the health flow alerts once, then reminds, then clears it.
        Index(
            "uq_health_alerts_open",
            "source",
            "problem",
            unique=True,
            sqlite_where=sql_text("cleared_at IS NULL"),
            postgresql_where=sql_text("cleared_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    source: Mapped[str] = mapped_column(String(64), index=True)
    problem: Mapped[str] = mapped_column(Text, doc="which check: stale, silent, failing, robots, feed <URL>")
    detail: Mapped[str] = mapped_column(Text, doc="what the latest check said")
    opened_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    notified_at: Mapped[datetime] = mapped_column(doc="when the last alert or reminder went out")
    notifications: Mapped[int] = mapped_column(Integer, default=1)
    cleared_at: Mapped[datetime | None]


def table_of(model: type[Base]) -> Table:
    """Return the Core table of a mapped class, typed as a Table (``__table__`` is a FromClause)."""
    return cast(Table, model.__table__)


__all__ = [
    "Article",
    "ArticleBand",
    "ArticleVersion",
    "Base",
    "CrawlRun",
    "Failure",
    "FeedState",
    "HealthAlert",
    "Page",
    "SourceRow",
    "Story",
    "StoryTerm",
    "table_of",
]
