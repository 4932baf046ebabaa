"""A source's run judged by its checks: each failed check a failures row, a passing one resolves its row."""

from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, update

from newsingest.crawl.runner import CrawlOutcome
from newsingest.db.failures import record_failure
from newsingest.db.models import Failure, table_of
from newsingest.db.runs import recent_discovered, run_url
from newsingest.orchestration.checks import CheckResult, RunFacts, evaluate
from newsingest.sources import Source

STAGE = "check"


def check_url(source: Source, name: str) -> str:
    """Return the URL a check's failure is filed under: one open row per source and check."""
    return f"{run_url(source)}#check={name}"


def judge_run(
    engine: Engine, source: Source, run_id: int, outcome: CrawlOutcome, with_history: bool = True
) -> list[CheckResult]:
    """Evaluate source's checks on its run's crawl outcome and record them; return the verdicts.

    with_history: take the min_pages default from the source's recent ingest runs (not for a backfill,
    whose date ranges do not compare).
    """
    checks = source.checks
    history = recent_discovered(engine, source.slug, run_id, checks.history_runs) if with_history else []
    results = evaluate(checks, RunFacts.of(outcome, len(source.entry_urls())), history)
    with engine.begin() as conn:
        _resolve(conn, source.slug, [r.name for r in results if r.passed])
        for result in results:
            if not result.passed:
                record_failure(
                    conn,
                    source=source.slug,
                    run_id=run_id,
                    stage=STAGE,
                    url=check_url(source, result.name),
                    error_class=result.name,
                    detail=f"check {result.name} failed: {result.detail}",
                )
    return results


def _resolve(conn: Connection, slug: str, names: list[str]) -> None:
    """Resolve the source's open rows of checks that passed (by name: its entry URLs may have changed)."""
    if not names:
        return
    failures = table_of(Failure)
    conn.execute(
        update(failures)
        .where(
            failures.c.source == slug,
            failures.c.stage == STAGE,
            failures.c.error_class.in_(names),
            failures.c.resolved_at.is_(None),
        )
        .values(resolved_at=datetime.now(UTC))
    )
