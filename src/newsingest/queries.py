"""Read-only queries behind the CLI: latest articles, one article in full, recent runs, the schema."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, Row, func, inspect, or_, select

# Core tables only: the listing commands import this module, and the ORM would double their start-up.
from newsingest.db.tables import article_versions, articles, crawl_runs, failures, pages, sources, stories

# Tables every command reading the database needs; created by `newsingest db upgrade`.
REQUIRED_TABLES = ("articles", "crawl_runs", "failures", "sources")
# What `newsingest articles` lists (and prints with --json): everything but the text and internals.
LISTED_COLUMNS = (
    "id",
    "source",
    "published_at",
    "first_seen_at",
    "last_seen_at",
    "language",
    "word_count",
    "title",
    "authors",
    "url",
    "story_id",
    "duplicate_of_id",
)


def missing_tables(engine: Engine) -> list[str]:
    """Return the required tables the database lacks (all of them before the first `db upgrade`)."""
    present = set(inspect(engine).get_table_names())
    return [name for name in REQUIRED_TABLES if name not in present]


ARTICLE_SORTS = {"published": "published_at", "ingested": "first_seen_at"}


def latest_articles(
    engine: Engine, source: str | None, limit: int, sort: str = "published", fold: bool = False
) -> list[Row[Any]]:
    """Return the newest articles by publication or ingest time (sort: published or ingested), no text.

    fold: copies (duplicate_of_id set) are left out and each article listed has `copies`, how many
    stored articles, of any source, copy it.
    """
    when = articles.c[ARTICLE_SORTS[sort]]
    query = (
        select(*(articles.c[name] for name in LISTED_COLUMNS))
        .order_by(when.desc().nulls_last(), articles.c.id.desc())
        .limit(limit)
    )
    if source:
        query = query.where(articles.c.source == source)
    if fold:
        page = query.where(articles.c.duplicate_of_id.is_(None)).subquery()
        copy = articles.alias("copy")
        counted = (
            select(copy.c.duplicate_of_id.label("original"), func.count().label("copies"))
            .where(copy.c.duplicate_of_id.in_(select(page.c.id)))
            .group_by(copy.c.duplicate_of_id)
            .subquery()
        )
        query = (
            select(page, func.coalesce(counted.c.copies, 0).label("copies"))
            .outerjoin(counted, counted.c.original == page.c.id)
            .order_by(page.c[when.name].desc().nulls_last(), page.c.id.desc())
        )
    with engine.connect() as conn:
        return list(conn.execute(query).all())


def source_domains(engine: Engine) -> dict[str, str]:
    """Return each stored source's domain by slug (tables drop it from the URLs of its articles)."""
    with engine.connect() as conn:
        return {row.slug: row.domain for row in conn.execute(select(sources.c.slug, sources.c.domain))}


def runs_started_since(engine: Engine, since: datetime, slugs: list[str]) -> list[dict[str, Any]]:
    """Return run summaries (the shape the flows return) of the runs started since, of slugs if any."""
    # Imported here: the run bookkeeping pulls in the loader, which listings do not need.
    from newsingest.db.runs import COUNTER_COLUMNS

    query = select(crawl_runs).where(crawl_runs.c.started_at >= since).order_by(crawl_runs.c.id)
    if slugs:
        query = query.where(crawl_runs.c.source.in_(slugs))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    summaries = []
    for row in rows:
        duration = (row.finished_at - row.started_at).total_seconds() if row.finished_at else None
        summaries.append(
            {"source": row.source, "status": row.status}
            | {column: getattr(row, column) for column in COUNTER_COLUMNS}
            | {"duration_s": round(duration, 1) if duration is not None else ""}
        )
    return summaries


@dataclass(slots=True)
class ArticleDetail:
    """One article with everything stored about it, as `newsingest show` prints it."""

    article: dict[str, Any]  # the articles row, text included
    versions: list[dict[str, Any]]  # earlier texts (article_versions), oldest first
    # The story it belongs to (the stories row) and, under "articles", up to STORY_ARTICLES others of it.
    story: dict[str, Any] | None
    duplicate_of: dict[str, Any] | None  # the article this one copies: id, source, url, title
    duplicates: list[dict[str, Any]]  # the articles that copy this one
    failures: list[dict[str, Any]]  # failures rows of its URLs (stored and fetched forms), newest first


STORY_ARTICLES = 20  # of a story's other articles, `show` lists the earliest this many


def find_article(engine: Engine, key: int | str) -> int | None:
    """Return the id of the article with id key, or URL key in any form (canonical, as fetched), or None.

    A URL string that is not a usable URL raises BadURL (a ValueError).
    """
    from newsingest.dedup.urls import canonical_url

    with engine.connect() as conn:
        if isinstance(key, int):
            return conn.execute(select(articles.c.id).where(articles.c.id == key)).scalar()
        canonical = canonical_url(key)
        found = conn.execute(select(articles.c.id).where(articles.c.url.in_({canonical, key}))).scalar()
        if found is not None:
            return int(found)
        # Not a stored key: a URL as fetched (redirected, or naming a declared canonical) leads there
        # through its pages. pages.url and final_url are not indexed: a scan, for one interactive look-up.
        fetched = select(pages.c.id).where(
            or_(pages.c.canonical_url == canonical, pages.c.url == key, pages.c.final_url == key)
        )
        page_ids = [row[0] for row in conn.execute(fetched)]
        if not page_ids:
            return None
        return conn.execute(
            select(articles.c.id)
            .where(
                or_(
                    articles.c.page_id.in_(page_ids),
                    articles.c.id.in_(
                        select(article_versions.c.article_id).where(article_versions.c.page_id.in_(page_ids))
                    ),
                )
            )
            .order_by(articles.c.id)
            .limit(1)
        ).scalar()


def article_detail(engine: Engine, article_id: int) -> ArticleDetail | None:
    """Return the article with this id, its versions, story, duplicates and failures, or None."""
    with engine.connect() as conn:
        row = conn.execute(select(articles).where(articles.c.id == article_id)).first()
        if row is None:
            return None
        article = dict(row._mapping)
        brief = (articles.c.id, articles.c.source, articles.c.url, articles.c.title)
        story = None
        if article["story_id"] is not None:
            found = conn.execute(select(stories).where(stories.c.id == article["story_id"])).first()
            story = dict(found._mapping) if found else None
        if story is not None:
            # The story's other articles (copies and reports in other words), the earliest first.
            others = conn.execute(
                select(*brief, articles.c.published_at, articles.c.duplicate_of_id)
                .where(articles.c.story_id == story["id"], articles.c.id != article_id)
                .order_by(articles.c.published_at.asc().nulls_last(), articles.c.id)
                .limit(STORY_ARTICLES)
            )
            story["articles"] = [dict(other._mapping) for other in others]
        original = None
        if article["duplicate_of_id"] is not None:
            found = conn.execute(select(*brief).where(articles.c.id == article["duplicate_of_id"])).first()
            original = dict(found._mapping) if found else None
        copies = conn.execute(
            select(*brief).where(articles.c.duplicate_of_id == article_id).order_by(articles.c.id)
        )
        version_rows = conn.execute(
            select(article_versions)
            .where(article_versions.c.article_id == article_id)
            .order_by(article_versions.c.seen_at)
        ).all()
        # Failures are keyed by the URL as requested: the article's own, and those of its fetches.
        page_ids = {article["page_id"], *(v.page_id for v in version_rows)} - {None}
        fetched = conn.execute(
            select(pages.c.url, pages.c.final_url).where(
                or_(pages.c.canonical_url == article["url"], pages.c.id.in_(page_ids))
            )
        ).all()
        urls = {article["url"], *(u for page in fetched for u in page)}
        failure_rows = conn.execute(
            select(failures).where(failures.c.url.in_(urls)).order_by(failures.c.last_seen_at.desc())
        )
        return ArticleDetail(
            article=article,
            versions=[dict(v._mapping) for v in version_rows],
            story=story,
            duplicate_of=original,
            duplicates=[dict(c._mapping) for c in copies],
            failures=[dict(f._mapping) for f in failure_rows],
        )


# What `newsingest stories` lists (and prints with --json): the stories row without its terms.
STORY_COLUMNS = ("id", "title", "first_seen_at", "last_seen_at", "article_count", "sources", "languages")


def recent_stories(
    engine: Engine,
    since: datetime | None = None,
    source: str | None = None,
    limit: int = 20,
    min_articles: int = 1,
) -> list[Row[Any]]:
    """Return the stories seen last most recently (last seen at or after since), of source if given."""
    query = (
        select(*(stories.c[name] for name in STORY_COLUMNS))
        .order_by(stories.c.last_seen_at.desc(), stories.c.id.desc())
        .limit(limit)
    )
    if since is not None:
        query = query.where(stories.c.last_seen_at >= since)
    if min_articles > 1:
        query = query.where(stories.c.article_count >= min_articles)
    if source:
        # Through the articles (indexed by story), not the JSON list: the same on SQLite and PostgreSQL.
        of_source = select(articles.c.id).where(
            articles.c.story_id == stories.c.id, articles.c.source == source
        )
        query = query.where(of_source.exists())
    with engine.connect() as conn:
        return list(conn.execute(query).all())
