"""Settings are read at the edge (a command, a flow, the crawl's entry point); the library takes options."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import Engine

from newsingest.config import Settings, get_settings
from newsingest.orchestration.run_options import RunOptions
from newsingest.page_input import read_page
from newsingest.process.options import ProcessOptions
from newsingest.process.pages import process_pending
from newsingest.source_health import HealthPolicy, ProbeOptions, probe_entry_points
from tests.db.test_batch_isolation import SOURCE, store_pages
from tests.faults.server import FaultServer, Reply
from tests.faults.site import fault_source, rss


@pytest.fixture
def unreadable_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """An environment whose settings do not parse: library code that reads them raises."""
    monkeypatch.setenv("NEWSINGEST_DB_RETRIES", "many")
    get_settings.cache_clear()
    with pytest.raises(ValidationError):
        get_settings()
    yield
    monkeypatch.delenv("NEWSINGEST_DB_RETRIES")  # before the database fixture's teardown reads them
    get_settings.cache_clear()


def test_options_default_to_the_settings_defaults() -> None:
    defaults = Settings.model_construct()  # the fields' defaults, no environment
    assert ProcessOptions() == ProcessOptions.from_settings(defaults)
    assert ProbeOptions() == ProbeOptions.from_settings(defaults)


def test_run_options_carry_each_setting(tmp_path: Path) -> None:
    settings = Settings(
        database_url="postgres://user@db.example/news",
        sources_file=tmp_path / "sources.yaml",
        crawl_timeout=12,
        process_batch_size=7,
        extract_timeout=3,
        extract_workers=2,
        db_retries=1,
        db_retry_backoff=0.25,
    )
    assert RunOptions.from_settings(settings) == RunOptions(
        sources_file=tmp_path / "sources.yaml",
        database_url="postgresql+psycopg://user@db.example/news",
        sqlite=False,
        crawl_timeout=12,
        process=ProcessOptions(
            batch_size=7, extract_timeout=3, extract_workers=2, db_retries=1, db_retry_backoff=0.25
        ),
    )
    assert RunOptions.from_settings(Settings(database_url="sqlite:///news.db")).sqlite
    assert "db.example" not in repr(RunOptions.from_settings(settings))  # the URL may hold a password


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_processing_takes_its_options_not_the_environment(engine: Engine, unreadable_settings: None) -> None:
    store_pages(engine, 3)
    batches: list[int] = []
    options = ProcessOptions(batch_size=1, extract_workers=1)
    counts = process_pending(engine, SOURCE, None, options, progress=batches.append)
    assert counts.pages == 3
    assert batches == [1, 2, 3]  # one page a transaction, as the options say


def test_fetching_a_page_and_probing_take_their_options(unreadable_settings: None) -> None:
    with FaultServer() as server:
        server.routes["/news/a.html"] = Reply(200, b"<html><body><p>0123456789</p></body></html>")
        page = read_page(server.url("/news/a.html"), user_agent="test", timeout=5, max_size=12)
        assert page.body == b"<html><body>"
        server.routes["/robots.txt"] = Reply(200, b"User-agent: *\n", {"Content-Type": "text/plain"})
        server.routes["/feed.xml"] = rss([server.url(f"/news/{i}.html") for i in range(40)])
        problems = probe_entry_points(
            fault_source(server), HealthPolicy(probe_timeout=5), ProbeOptions(user_agent="test", max_size=500)
        )
    assert [p.text for p in problems] == [
        f"feed {server.url('/feed.xml')} is over 500 bytes; stopped reading there"
    ]
