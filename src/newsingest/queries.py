"""Read-only queries behind the CLI's listings: latest articles, recent runs, whether the schema exists."""

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, Row, inspect, select

from newsingest.db.models import Article, CrawlRun, table_of
from newsingest.db.runs import COUNTER_COLUMNS

# Tables every command reading the database needs; created by `newsingest db upgrade`.
REQUIRED_TABLES = ("articles", "crawl_runs", "failures", "sources")


def missing_tables(engine: Engine) -> list[str]:
    """Return the required tables the database lacks (all of them before the first `db upgrade`)."""
    present = set(inspect(engine).get_table_names())
    return [name for name in REQUIRED_TABLES if name not in present]


def latest_articles(engine: Engine, source: str | None, limit: int) -> list[Row[Any]]:
    """Return the newest articles by publication time (published, source, language, words, title, URL)."""
    articles = table_of(Article)
    query = (
        select(
            articles.c.published_at,
            articles.c.source,
            articles.c.language,
            articles.c.word_count,
            articles.c.title,
            articles.c.url,
        )
        .order_by(articles.c.published_at.desc(), articles.c.id.desc())
        .limit(limit)
    )
    if source:
        query = query.where(articles.c.source == source)
    with engine.connect() as conn:
        return list(conn.execute(query).all())


def runs_started_since(engine: Engine, since: datetime, sources: list[str]) -> list[dict[str, Any]]:
    """Return run summaries (the shape the flows return) of the sources' runs started at or after since."""
    runs = table_of(CrawlRun)
    query = select(runs).where(runs.c.started_at >= since).order_by(runs.c.id)
    if sources:
        query = query.where(runs.c.source.in_(sources))
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
