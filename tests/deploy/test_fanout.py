"""A backfill fanned out as chunk runs of the backfill-chunk deployment, on a real server and worker."""

import asyncio
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select

from newsingest.db.models import Article, CrawlRun
from newsingest.demo import DemoSite
from newsingest.errors import NewsingestError
from newsingest.orchestration.fanout import Chunk, plan_chunks
from newsingest.sources import Source
from tests.conftest import write_sources
from tests.deploy.test_prefect_server import _artifacts, on_server, run_deployment


def test_chunks_cover_the_range_once_per_source_interleaved() -> None:
    chunks = plan_chunks(["a", "b"], date(2022, 1, 1), date(2022, 1, 25), 10)
    assert chunks == [
        Chunk("a", date(2022, 1, 1), date(2022, 1, 10)),
        Chunk("b", date(2022, 1, 1), date(2022, 1, 10)),
        Chunk("a", date(2022, 1, 11), date(2022, 1, 20)),
        Chunk("b", date(2022, 1, 11), date(2022, 1, 20)),
        Chunk("a", date(2022, 1, 21), date(2022, 1, 25)),
        Chunk("b", date(2022, 1, 21), date(2022, 1, 25)),
    ]
    assert plan_chunks(["a"], date(2022, 1, 1), date(2022, 1, 1), 7) == [
        Chunk("a", date(2022, 1, 1), date(2022, 1, 1))
    ]


@pytest.mark.parametrize(("days", "until"), [(0, date(2022, 1, 2)), (3, date(2021, 12, 31))])
def test_chunk_plan_refuses_empty_chunks_and_reversed_ranges(days: int, until: date) -> None:
    with pytest.raises(NewsingestError):
        plan_chunks(["a"], date(2022, 1, 1), until, days)


@pytest.mark.slow
def test_fanned_out_backfill_runs_chunks_on_the_pool_and_stores_each_article_once(
    deployed: dict[str, str], demo: tuple[DemoSite, Source], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _site, source = demo
    fanned = source.model_copy(update={"slug": "demo-fanout"})
    sources_file = str(write_sources(tmp_path / "sources.yaml", fanned))
    parameters = {
        "sources": ["demo-fanout"],
        "since": "2022-01-01",
        "until": "2022-01-31",
        "sources_file": sources_file,
        "fan_out_days": 16,
    }
    parent = run_deployment(deployed, monkeypatch, "backfill/manual", **parameters)
    assert parent.state.is_completed(), parent.state.message
    with on_server(deployed):
        keys = {a.key: a for a in asyncio.run(_artifacts(parent.id))}
        children = asyncio.run(_chunk_runs())
    assert "backfill-chunks" in keys
    # 1-16 and 17-31: two chunk runs of the backfill-chunk deployment, all completed (the plan of uneven
    # ranges is test_chunks_cover_the_range_once_per_source_interleaved's; many chunks on two workers are
    # the scale tests').
    assert sorted(r.name for r in children) == [
        "demo-fanout-2022-01-01-2022-01-16",
        "demo-fanout-2022-01-17-2022-01-31",
    ]
    assert all(r.state.is_completed() and r.parent_task_run_id for r in children)
    engine = create_engine(deployed["NEWSINGEST_DATABASE_URL"])
    with engine.connect() as conn:
        stored = _stored(conn)
        runs = conn.execute(
            select(CrawlRun.status, CrawlRun.new).where(CrawlRun.source == "demo-fanout")
        ).all()
    assert len(runs) == 2 and {status for status, _ in runs} == {"completed"}
    assert stored["articles"] > 0 and stored["articles"] == stored["urls"] == sum(new for _, new in runs)

    # A chunk is idempotent: running the whole backfill again stores nothing twice.
    again = run_deployment(deployed, monkeypatch, "backfill/manual", **parameters)
    assert again.state.is_completed(), again.state.message
    with engine.connect() as conn:
        assert _stored(conn) == stored


def _stored(conn: Any) -> dict[str, int]:
    where = Article.source == "demo-fanout"
    return {
        "articles": conn.execute(select(func.count()).select_from(Article).where(where)).scalar_one(),
        "urls": conn.execute(select(func.count(func.distinct(Article.url))).where(where)).scalar_one(),
    }


async def _chunk_runs() -> list[Any]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName, FlowRunFilter, FlowRunFilterTags

    async with get_client() as client:
        return list(
            await client.read_flow_runs(
                flow_filter=FlowFilter(name=FlowFilterName(any_=["backfill-chunk"])),
                flow_run_filter=FlowRunFilter(tags=FlowRunFilterTags(all_=["demo-fanout"])),
            )
        )
