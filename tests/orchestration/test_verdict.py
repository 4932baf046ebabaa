"""Judging a run against the database: the history the checks compare with, and their failure rows."""

from typing import Any

from sqlalchemy import Engine, select

from newsingest.crawl.runner import CrawlOutcome
from newsingest.db.models import Failure
from newsingest.db.runs import finish_run, recent_discovered, start_run, sync_source
from newsingest.orchestration.verdict import judge_run
from newsingest.sources import Source

SOURCE = Source(slug="s", name="S", domain="n.example", feeds=["https://n.example/feed"])


def past_run(engine: Engine, discovered: int, status: str = "completed", **options: Any) -> int:
    kind = options.get("kind", "scheduled")
    run_id = start_run(engine, "s", kind, {}, None)
    scrapy = {"newsingest/not_modified": options.get("not_modified", 0)}
    finish_run(engine, run_id, status, {"discovered": discovered}, {"scrapy": scrapy})
    return run_id


def open_checks(engine: Engine) -> dict[str, tuple[int, str]]:
    query = select(Failure.error_class, Failure.attempts, Failure.url).where(
        Failure.stage == "check", Failure.resolved_at.is_(None)
    )
    with engine.connect() as conn:
        return {name: (attempts, url) for name, attempts, url in conn.execute(query)}


def test_history_is_the_completed_ingest_runs_that_read_their_indexes(engine: Engine) -> None:
    sync_source(engine, SOURCE)
    past_run(engine, 30)
    past_run(engine, 0, status="failed")
    past_run(engine, 500, kind="backfill")
    past_run(engine, 0, not_modified=2)  # its feed answered 304: it listed nothing by design
    past_run(engine, 20, kind="manual")
    current = past_run(engine, 99, status="running")
    later = past_run(engine, 77)
    assert recent_discovered(engine, "s", current, limit=5) == [20, 30]
    assert recent_discovered(engine, "s", current, limit=1) == [20]
    assert recent_discovered(engine, "s", later, limit=5) == [20, 30]  # a running row is no history
    assert recent_discovered(engine, "other", later, limit=5) == []


def test_each_failed_check_is_a_row_and_a_passing_one_resolves_it(engine: Engine) -> None:
    sync_source(engine, SOURCE)
    past_run(engine, 12)
    unreached = CrawlOutcome({"newsingest/failed/discover/ConnectionRefusedError": 1})
    run_id = start_run(engine, "s", "scheduled", {}, None)
    results = judge_run(engine, SOURCE, run_id, unreached)
    assert [(r.name, r.passed) for r in results] == [
        ("discovery_reached", False),
        ("error_rate", True),
        ("min_pages", True),
    ]
    assert open_checks(engine) == {"discovery_reached": (1, "https://n.example/feed#check=discovery_reached")}

    broken = CrawlOutcome(
        {"newsingest/indexes_read": 1, "newsingest/pages_stored": 1, "newsingest/failed/fetch/HTTP 500": 5}
    )
    judge_run(engine, SOURCE, start_run(engine, "s", "scheduled", {}, None), broken)
    assert set(open_checks(engine)) == {"error_rate", "min_pages"}  # both at once, a row each

    # The feed moved: the rows filed under the old URL are resolved all the same when the checks pass.
    moved = SOURCE.model_copy(update={"feeds": ["https://n.example/rss"]})
    healthy = CrawlOutcome({"newsingest/indexes_read": 1, "newsingest/discovered": 8})
    judge_run(engine, moved, start_run(engine, "s", "scheduled", {}, None), healthy)
    assert open_checks(engine) == {}
