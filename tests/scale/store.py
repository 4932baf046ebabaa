"""What a backfill left in the article store, as plain values that two runs can be compared by."""

from typing import Any

from sqlalchemy import create_engine, func, select

from newsingest.db.tables import article_versions, articles, crawl_runs, failures, pages


def snapshot(url: str) -> dict[str, Any]:
    """Return the store's articles (by URL) and copies, failures, and counts of versions and pages.

    Stories are left out: an article joins the story it matches among those loaded before it, so how
    articles group depends on the order chunks ran in, which two runs on two workers do not share.
    """
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(
                    articles.c.id,
                    articles.c.url,
                    articles.c.title,
                    articles.c.published_at,
                    articles.c.language,
                    articles.c.content_hash,
                    articles.c.word_count,
                    articles.c.duplicate_of_id,
                )
            ).all()
            url_of = {row.id: row.url for row in rows}
            return {
                "articles": len(rows),
                "by_url": {
                    row.url: (
                        row.title,
                        row.published_at,
                        row.language,
                        row.content_hash,
                        row.word_count,
                        url_of.get(row.duplicate_of_id) if row.duplicate_of_id else None,
                    )
                    for row in rows
                },
                "versions": conn.execute(select(func.count()).select_from(article_versions)).scalar_one(),
                # Each as (stage, error class, the flow run of the crawl run that filed it).
                "failures": sorted(
                    tuple(row)
                    for row in conn.execute(
                        select(failures.c.stage, failures.c.error_class, crawl_runs.c.flow_run_id).join(
                            crawl_runs, crawl_runs.c.id == failures.c.run_id, isouter=True
                        )
                    )
                ),
                "page_urls": conn.execute(select(func.count(func.distinct(pages.c.url)))).scalar_one(),
                "unprocessed": conn.execute(
                    select(func.count()).select_from(pages).where(pages.c.processed_at.is_(None))
                ).scalar_one(),
            }
    finally:
        engine.dispose()


def page_rows(url: str) -> int:
    """Return how many raw pages the store holds (a URL fetched twice counts twice)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(pages)).scalar_one())
    finally:
        engine.dispose()
