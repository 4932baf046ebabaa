"""The data contract as Core tables (docs/schema.md), importable without the ORM. Changes go through Alembic.

Every query in the library is written against these tables. The mapped classes of db/models.py are built
over the same Table objects, so there is one schema definition; commands that only read (articles, status,
show) import this module and never pay for `sqlalchemy.orm`.
"""

from sqlalchemy import (
    BigInteger,
    Column,
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
from sqlalchemy.sql import text as sql_text

from newsingest.db.types import PortableJSON, UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
# A naming convention so migrations get stable constraint names.
metadata = MetaData(naming_convention=NAMING_CONVENTION)

# SQLite only auto-increments INTEGER PRIMARY KEY; BIGINT there would need explicit ids.
Id = BigInteger().with_variant(Integer(), "sqlite")

# One configured outlet, with a snapshot of its config and its health.
sources = Table(
    "sources",
    metadata,
    Column("id", Id, primary_key=True),
    Column("slug", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("domain", String(253), nullable=False),
    Column("config", PortableJSON, nullable=False),
    Column("last_run_at", UTCDateTime()),
    Column("last_success_at", UTCDateTime()),
    Column("consecutive_failures", Integer, nullable=False, default=0),
)

# One source's part of one flow run, with its counters.
crawl_runs = Table(
    "crawl_runs",
    metadata,
    Column("id", Id, primary_key=True),
    Column("flow_run_id", String(64), index=True),
    Column("kind", String(16), nullable=False),
    Column("source", String(64), nullable=False, index=True),
    Column("params", PortableJSON, nullable=False),
    Column("started_at", UTCDateTime(), nullable=False),
    Column("finished_at", UTCDateTime()),
    Column("status", String(16), nullable=False),
    Column("discovered", Integer, nullable=False, default=0),
    Column("fetched", Integer, nullable=False, default=0),
    Column("skipped_known", Integer, nullable=False, default=0),
    Column("new", Integer, nullable=False, default=0),
    Column("updated", Integer, nullable=False, default=0),
    Column("unchanged", Integer, nullable=False, default=0),
    Column("duplicates", Integer, nullable=False, default=0),
    Column("failed", Integer, nullable=False, default=0),
    Column("counters", PortableJSON, nullable=False, default=dict),
)

# A raw fetched page exactly as served, so extraction can be re-run without the network.
pages = Table(
    "pages",
    metadata,
    Column("id", Id, primary_key=True),
    Column("source", String(64), nullable=False),
    Column("url", Text, nullable=False),
    Column("canonical_url", Text, nullable=False, index=True),
    Column("final_url", Text, nullable=False),
    Column("status", Integer, nullable=False),
    Column("headers", PortableJSON, nullable=False),
    Column("fetched_at", UTCDateTime(), nullable=False),
    Column("body", LargeBinary, nullable=False, doc="zstd-compressed (rows of older versions: zlib)"),
    Column("body_size", Integer, nullable=False),
    Column("body_hash", String(64), nullable=False),
    Column("run_id", ForeignKey("crawl_runs.id", ondelete="SET NULL"), index=True),
    Column("discovered_via", Text),
    Column("hint_published_at", UTCDateTime(), doc="date given by the feed or sitemap"),
    Column("processed_at", UTCDateTime()),
    Index("ix_pages_unprocessed", "source", "processed_at"),
)

# Articles about one event, across sources: syndicated copies and reports in other words.
stories = Table(
    "stories",
    metadata,
    Column("id", Id, primary_key=True),
    Column("title", Text, nullable=False),
    Column(
        "first_seen_at",
        UTCDateTime(),
        nullable=False,
        doc="time of its earliest article (published, else loaded)",
    ),
    Column("last_seen_at", UTCDateTime(), nullable=False, index=True, doc="time of its latest article"),
    Column("article_count", Integer, nullable=False, default=1),
    Column("sources", PortableJSON, nullable=False, default=list),
    Column("languages", PortableJSON, nullable=False, default=list),
    Column("terms", PortableJSON, nullable=False, default=dict, doc="strongest terms and weights (centroid)"),
)

# The index stories are found by: one row per story and term, with the story's time span.
story_terms = Table(
    "story_terms",
    metadata,
    Column("term", String(64), primary_key=True),
    Column("story_id", ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("first_seen_at", UTCDateTime(), nullable=False),
    Column("last_seen_at", UTCDateTime(), nullable=False),
    Index("ix_story_terms_term_last_seen_at", "term", "last_seen_at"),
)

# The index near-copies are found by: the MinHash LSH band keys of each article's text.
article_bands = Table(
    "article_bands",
    metadata,
    Column("band", BigInteger, primary_key=True),
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("seen_at", UTCDateTime(), nullable=False, doc="the article's time (published, else loaded)"),
    Index("ix_article_bands_band_seen_at", "band", "seen_at"),
)

# The clean article: one row per canonical URL.
articles = Table(
    "articles",
    metadata,
    Column("id", Id, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("source", String(64), nullable=False, index=True),
    Column("title", Text),
    Column("authors", PortableJSON, nullable=False, default=list),
    Column("published_at", UTCDateTime(), index=True),
    Column("modified_at", UTCDateTime()),
    Column("language", String(8), nullable=False),
    Column("text", Text, nullable=False),
    Column("word_count", Integer, nullable=False),
    Column("tags", PortableJSON, nullable=False, default=list),
    Column("image_url", Text),
    Column("site_name", Text),
    Column("content_hash", String(64), nullable=False, index=True),
    Column("fingerprint", String(16), nullable=False, doc="64-bit SimHash of the text, hex"),
    Column("story_id", ForeignKey("stories.id", ondelete="SET NULL"), index=True),
    Column("duplicate_of_id", ForeignKey("articles.id", ondelete="SET NULL")),
    Column(
        "page_id",
        ForeignKey("pages.id", ondelete="SET NULL"),
        index=True,
        doc="the page the current text came from",
    ),
    Column("extractor_version", String(32), nullable=False),
    Column("meta", PortableJSON, nullable=False, default=dict),
    Column("first_seen_at", UTCDateTime(), nullable=False),
    Column("last_seen_at", UTCDateTime(), nullable=False),
)

# A text an article had before it really changed (corrections, updates).
article_versions = Table(
    "article_versions",
    metadata,
    Column("id", Id, primary_key=True),
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("content_hash", String(64), nullable=False),
    Column("title", Text),
    Column("text", Text, nullable=False),
    Column("seen_at", UTCDateTime(), nullable=False),
    Column(
        "page_id", ForeignKey("pages.id", ondelete="SET NULL"), index=True, doc="the page this text came from"
    ),
    UniqueConstraint("article_id", "content_hash"),
)

# The HTTP validators of a feed, sitemap or listing URL, for conditional GET on the next run.
feed_states = Table(
    "feed_states",
    metadata,
    Column("source", String(64), primary_key=True),
    Column("url", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("status", Integer, nullable=False),
    Column("entries", Integer, nullable=False, default=0),
    Column("checked_at", UTCDateTime(), nullable=False),
)

# Something that went wrong for one URL at one stage; repeats bump attempts.
failures = Table(
    "failures",
    metadata,
    Column("id", Id, primary_key=True),
    Column("run_id", ForeignKey("crawl_runs.id", ondelete="SET NULL"), index=True),
    Column("source", String(64), nullable=False, index=True),
    Column("stage", String(16), nullable=False),
    Column("url", Text, nullable=False),
    Column("error_class", String(100), nullable=False),
    Column("http_status", Integer),
    Column("attempts", Integer, nullable=False, default=1),
    Column("detail", Text, nullable=False),
    Column("first_seen_at", UTCDateTime(), nullable=False),
    Column("last_seen_at", UTCDateTime(), nullable=False),
    Column("resolved_at", UTCDateTime()),
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

# One problem the health checks see in a source, from first seen until it clears, and its alerts.
health_alerts = Table(
    "health_alerts",
    metadata,
    Column("id", Id, primary_key=True),
    Column("source", String(64), nullable=False, index=True),
    Column("problem", Text, nullable=False, doc="which check: stale, silent, failing, robots, feed <URL>"),
    Column("detail", Text, nullable=False, doc="what the latest check said"),
    Column("opened_at", UTCDateTime(), nullable=False),
    Column("last_seen_at", UTCDateTime(), nullable=False),
    Column("notified_at", UTCDateTime(), nullable=False, doc="when the last alert or reminder went out"),
    Column("notifications", Integer, nullable=False, default=1),
    Column("cleared_at", UTCDateTime()),
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
