"""Two runs of one source at once do not extract each other's pages: a run's own, and pages of runs that
ended (or of no run), are the pages a run reads; those of another run still running are left to it."""

from datetime import UTC, datetime

from sqlalchemy import Engine
from tests.db.pages import insert_page

from newsingest.db.runs import finish_run, start_run
from newsingest.process.options import ProcessOptions
from newsingest.process.pages import _Reader
from newsingest.sources import Source

SOURCE = Source(slug="s", name="S", domain="n.example", feeds=["https://n.example/feed.xml"])


def store_page(engine: Engine, name: str, run_id: int | None) -> None:
    with engine.begin() as conn:
        insert_page(conn, f"https://n.example/news/{name}", datetime.now(UTC), run_id=run_id)


def read_all(engine: Engine, run_id: int | None) -> list[str]:
    reader = _Reader(engine, SOURCE, run_id, ProcessOptions())
    return sorted(row.url.rpartition("/")[2] for row in reader.next())


def test_a_run_reads_its_own_pages_and_those_of_ended_runs_not_those_of_another_running_run(
    engine: Engine,
) -> None:
    mine = start_run(engine, "s", "backfill", {}, None)
    other = start_run(engine, "s", "backfill", {}, None)
    ended = start_run(engine, "s", "backfill", {}, None)
    finish_run(engine, ended, "interrupted", {}, {})
    for name, run_id in [("mine", mine), ("other", other), ("ended", ended), ("none", None)]:
        store_page(engine, name, run_id)

    assert read_all(engine, mine) == ["ended", "mine", "none"]
    assert read_all(engine, other) == ["ended", "none", "other"]
    assert read_all(engine, None) == ["ended", "none"]
    finish_run(engine, other, "completed", {}, {})
    assert read_all(engine, mine) == ["ended", "mine", "none", "other"]
