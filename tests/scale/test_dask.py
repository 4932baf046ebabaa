"""Reprocess with extraction on a Dask LocalCluster (prefect-dask's DaskTaskRunner) leaves the database
that reprocess on the run's own process pool leaves."""

import re
import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from newsingest.db.engine import get_engine
from newsingest.db.models import Article
from newsingest.orchestration.ingest import ingest
from newsingest.orchestration.reprocess import reprocess
from newsingest.sources import CleaningRules
from sitegen import SiteSpec, SyntheticSite
from sitegen.source import synthetic_source
from tests.conftest import ON_SQLITE, _use_database, write_sources
from tests.scale.store import snapshot

pytestmark = [pytest.mark.scale, pytest.mark.usefixtures("prefect_harness")]


@ON_SQLITE
def test_reprocess_on_a_local_dask_cluster_leaves_the_database_the_process_pool_leaves(
    engine: Engine, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = SiteSpec(200, seed=5, start=date(2022, 1, 1), end=date(2022, 1, 31))
    with SyntheticSite(spec, log_requests=False) as site:
        source = synthetic_source(site.base_url, max_pages=1000)
        sources_file = write_sources(tmp_path / "sources.yaml", source)
        [ingested] = ingest(sources=["synthetic"], sources_file=str(sources_file), kind="manual")
    assert ingested["new"] + ingested["duplicates"] == 200
    # A rule change gives reprocess work: the first paragraph of 20 articles goes.
    with engine.connect() as conn:
        texts = conn.execute(select(Article.text).order_by(Article.id).limit(20)).scalars().all()
    patterns = ["^" + re.escape(text.split("\n")[0][:40]) for text in texts]
    rules = CleaningRules(drop_line_patterns=patterns)
    write_sources(sources_file, source.model_copy(update={"rules": rules}))
    on_dask = tmp_path / "dask.db"
    # SQLite's backup copies what the write-ahead log holds too (a file copy would miss it).
    path = database_url.removeprefix("sqlite:///")
    with closing(sqlite3.connect(path)) as source_db, closing(sqlite3.connect(on_dask)) as copy:
        source_db.backup(copy)

    [pooled] = reprocess(sources=["synthetic"], sources_file=str(sources_file))
    on_pool = snapshot(database_url)
    get_engine().dispose()
    _use_database(monkeypatch, f"sqlite:///{on_dask}")
    [dasked] = reprocess(sources=["synthetic"], sources_file=str(sources_file), dask=True)

    assert pooled["updated"] >= 20
    assert {k: dasked[k] for k in ("processed", "updated", "failed")} == {
        k: pooled[k] for k in ("processed", "updated", "failed")
    }
    assert same_runs_aside(snapshot(f"sqlite:///{on_dask}")) == same_runs_aside(on_pool)
    assert on_pool["versions"] == pooled["updated"]


def same_runs_aside(store: dict[str, Any]) -> dict[str, Any]:
    """The store with its failures' flow runs left out (each reprocess is a flow run of its own)."""
    return {**store, "failures": sorted(failure[:2] for failure in store["failures"])}
