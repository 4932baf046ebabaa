"""Queries behind the ops commands: source status, open failures, and re-queueing failed URLs."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Engine, Row, func, select, update

# Core tables, not the mapped classes: `status` and `failures` start without loading the ORM.
from newsingest.db import tables

if TYPE_CHECKING:
    from newsingest.sources import Source

FETCH_STAGES = ("fetch", "too_large", "discover", "robots", "crawl")
PROCESS_STAGES = ("extract", "empty", "load")


@dataclass(slots=True)
class SourceStatus:
    """One line of `newsingest status`."""

    source: str
    enabled: bool
    last_run_at: datetime | None
    last_state: str
    last_success_at: datetime | None
    new_24h: int
    new_7d: int
    failures_24h: int
    stale: bool


def source_status(engine: Engine, sources: list["Source"], now: datetime | None = None) -> list[SourceStatus]:
    """Return the status of each source from the database."""
    now = now or datetime.now(UTC)
    runs, articles, failures, rows = tables.crawl_runs, tables.articles, tables.failures, tables.sources
    statuses = []
    with engine.connect() as conn:
        for source in sources:
            last = conn.execute(
                select(runs.c.started_at, runs.c.status)
                .where(runs.c.source == source.slug)
                .order_by(runs.c.id.desc())
                .limit(1)
            ).first()
            success = conn.execute(select(rows.c.last_success_at).where(rows.c.slug == source.slug)).scalar()

            def new_since(delta: timedelta, slug: str = source.slug) -> int:
                query = select(func.count()).select_from(articles)
                query = query.where(articles.c.source == slug, articles.c.first_seen_at >= now - delta)
                return int(conn.execute(query).scalar_one())

            failed = conn.execute(
                select(func.count())
                .select_from(failures)
                .where(failures.c.source == source.slug, failures.c.last_seen_at >= now - timedelta(hours=24))
            ).scalar_one()
            # The source's own health.stale_factor, as the health checks judge it.
            limit = source.schedule_interval() * (source.health.stale_factor or _default_stale_factor())
            statuses.append(
                SourceStatus(
                    source=source.slug,
                    enabled=source.enabled,
                    last_run_at=last.started_at if last else None,
                    last_state=last.status if last else "never run",
                    last_success_at=success,
                    new_24h=new_since(timedelta(hours=24)),
                    new_7d=new_since(timedelta(days=7)),
                    failures_24h=int(failed),
                    stale=source.enabled and (success is None or now - success > limit),
                )
            )
    return statuses


def open_failures(
    engine: Engine,
    source: str | None = None,
    stage: str | None = None,
    since: datetime | None = None,
    limit: int = 50,
) -> list[Row[Any]]:
    """Return unresolved failures, newest first."""
    failures = tables.failures
    query = select(failures).where(failures.c.resolved_at.is_(None))
    if source:
        query = query.where(failures.c.source == source)
    if stage:
        query = query.where(failures.c.stage == stage)
    if since:
        query = query.where(failures.c.last_seen_at >= since)
    with engine.connect() as conn:
        return list(conn.execute(query.order_by(failures.c.last_seen_at.desc()).limit(limit)).all())


def retry_failures(engine: Engine, source: str | None = None) -> tuple[int, int]:
    """Re-queue failed URLs: fetches are tried again by the next run, processing re-runs on stored pages.

    Returns (fetch failures re-queued, pages queued for processing).
    """
    failures, pages = tables.failures, tables.pages
    scope: list[ColumnElement[bool]] = [failures.c.resolved_at.is_(None)]
    if source:
        scope.append(failures.c.source == source)
    with engine.begin() as conn:
        # The spider retries open fetch failures below the source's attempt limit: start the count again.
        fetch = conn.execute(
            update(failures).where(*scope, failures.c.stage.in_(FETCH_STAGES)).values(attempts=0)
        ).rowcount
        urls = [
            row[0]
            for row in conn.execute(
                select(failures.c.url).where(*scope, failures.c.stage.in_(PROCESS_STAGES))
            )
        ]
        queued = 0
        for start in range(0, len(urls), 500):
            queued += conn.execute(
                update(pages).where(pages.c.url.in_(urls[start : start + 500])).values(processed_at=None)
            ).rowcount
    return int(fetch or 0), int(queued or 0)


def _default_stale_factor() -> float:
    """Return the health checks' default stale factor (imported late: `failures` reads no sources)."""
    from newsingest.sources.health_rules import HealthPolicy

    return HealthPolicy().stale_factor
