"""Crawl-run history written straight into the database, at the times a test chooses."""

from datetime import datetime

from sqlalchemy import Engine, insert, update

from newsingest.db.models import CrawlRun, SourceRow, table_of
from newsingest.db.runs import sync_source
from newsingest.sources import Source


def add_runs(
    engine: Engine, source: Source, runs: list[tuple[datetime, int]], kind: str = "scheduled"
) -> None:
    """Record completed runs of source, each (started_at, new articles), and its last success."""
    sync_source(engine, source)
    with engine.begin() as conn:
        for started, new in runs:
            conn.execute(
                insert(table_of(CrawlRun)).values(
                    kind=kind,
                    source=source.slug,
                    params={},
                    started_at=started,
                    finished_at=started,
                    status="completed",
                    new=new,
                    counters={},
                )
            )
        last = max(started for started, _ in runs)
        sources = table_of(SourceRow)
        conn.execute(update(sources).where(sources.c.slug == source.slug).values(last_success_at=last))
