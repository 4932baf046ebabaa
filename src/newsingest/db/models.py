"""Mapped classes over the Core tables of db/tables.py, for code that works with ORM objects."""

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.orm import DeclarativeBase, Mapped

from newsingest.db import tables


class Base(DeclarativeBase):
    """Declarative base over the tables' metadata (and its naming convention)."""

    metadata = tables.metadata


class SourceRow(Base):
    """One configured outlet, with a snapshot of its config and its health."""

    __table__ = tables.sources

    id: Mapped[int]
    slug: Mapped[str]
    name: Mapped[str]
    domain: Mapped[str]
    config: Mapped[dict[str, Any]]
    last_run_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    consecutive_failures: Mapped[int]


class CrawlRun(Base):
    """One source's part of one flow run, with its counters."""

    __table__ = tables.crawl_runs

    id: Mapped[int]
    flow_run_id: Mapped[str | None]
    kind: Mapped[str]
    source: Mapped[str]
    params: Mapped[dict[str, Any]]
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str]
    discovered: Mapped[int]
    fetched: Mapped[int]
    skipped_known: Mapped[int]
    new: Mapped[int]
    updated: Mapped[int]
    unchanged: Mapped[int]
    duplicates: Mapped[int]
    failed: Mapped[int]
    counters: Mapped[dict[str, Any]]


class Page(Base):
    """A raw fetched page exactly as served, so extraction can be re-run without the network."""

    __table__ = tables.pages

    id: Mapped[int]
    source: Mapped[str]
    url: Mapped[str]
    canonical_url: Mapped[str]
    final_url: Mapped[str]
    status: Mapped[int]
    headers: Mapped[dict[str, Any]]
    fetched_at: Mapped[datetime]
    body: Mapped[bytes]
    body_size: Mapped[int]
    body_hash: Mapped[str]
    run_id: Mapped[int | None]
    discovered_via: Mapped[str | None]
    hint_published_at: Mapped[datetime | None]
    processed_at: Mapped[datetime | None]


class Story(Base):
    """Articles about one event, across sources: syndicated copies and reports in other words."""

    __table__ = tables.stories

    id: Mapped[int]
    title: Mapped[str]
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    article_count: Mapped[int]
    sources: Mapped[list[str]]
    languages: Mapped[list[str]]
    terms: Mapped[dict[str, Any]]


class StoryTerm(Base):
    """The index stories are found by: one row per story and term, with the story's time span."""

    __table__ = tables.story_terms

    term: Mapped[str]
    story_id: Mapped[int]
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]


class ArticleBand(Base):
    """The index near-copies are found by: the MinHash LSH band keys of each article's text."""

    __table__ = tables.article_bands

    band: Mapped[int]
    article_id: Mapped[int]
    seen_at: Mapped[datetime]


class Article(Base):
    """The clean article: one row per canonical URL."""

    __table__ = tables.articles

    id: Mapped[int]
    url: Mapped[str]
    source: Mapped[str]
    title: Mapped[str | None]
    authors: Mapped[list[str]]
    published_at: Mapped[datetime | None]
    modified_at: Mapped[datetime | None]
    language: Mapped[str]
    text: Mapped[str]
    word_count: Mapped[int]
    tags: Mapped[list[str]]
    image_url: Mapped[str | None]
    site_name: Mapped[str | None]
    content_hash: Mapped[str]
    fingerprint: Mapped[str]
    story_id: Mapped[int | None]
    duplicate_of_id: Mapped[int | None]
    page_id: Mapped[int | None]
    extractor_version: Mapped[str]
    meta: Mapped[dict[str, Any]]
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]


class ArticleVersion(Base):
    """A text an article had before it really changed (corrections, updates)."""

    __table__ = tables.article_versions

    id: Mapped[int]
    article_id: Mapped[int]
    content_hash: Mapped[str]
    title: Mapped[str | None]
    text: Mapped[str]
    seen_at: Mapped[datetime]
    page_id: Mapped[int | None]


class FeedState(Base):
    """The HTTP validators of a feed, sitemap or listing URL, for conditional GET on the next run."""

    __table__ = tables.feed_states

    source: Mapped[str]
    url: Mapped[str]
    etag: Mapped[str | None]
    last_modified: Mapped[str | None]
    status: Mapped[int]
    entries: Mapped[int]
    checked_at: Mapped[datetime]


class Failure(Base):
    """Something that went wrong for one URL at one stage; repeats bump attempts."""

    __table__ = tables.failures

    id: Mapped[int]
    run_id: Mapped[int | None]
    source: Mapped[str]
    stage: Mapped[str]
    url: Mapped[str]
    error_class: Mapped[str]
    http_status: Mapped[int | None]
    attempts: Mapped[int]
    detail: Mapped[str]
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]


class HealthAlert(Base):
    """One problem the health checks see in a source, from first seen until it clears, and its alerts."""

    __table__ = tables.health_alerts

    id: Mapped[int]
    source: Mapped[str]
    problem: Mapped[str]
    detail: Mapped[str]
    opened_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    notified_at: Mapped[datetime]
    notifications: Mapped[int]
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
