"""Concurrency limits: a crawl holds its domain's slot and, on SQLite, the writer's, and gives both back."""

import pytest
from prefect.client.orchestration import get_client

from newsingest.orchestration.limits import SQLITE_WRITER, crawl_slot, domain_limit, ensure_limits
from newsingest.sources import Source

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]


def _active(*names: str) -> list[int]:
    with get_client(sync_client=True) as client:
        return [client.read_global_concurrency_limit_by_name(name).active_slots for name in names]


@pytest.mark.parametrize("sqlite", [True, False])
def test_a_crawl_holds_its_domain_slot_and_on_sqlite_the_writer_slot_until_it_ends(sqlite: bool) -> None:
    source = Source(
        slug="limited", name="Limited", domain="limited.example", feeds=["https://limited.example/feed.xml"]
    )
    ensure_limits([source])
    names = (domain_limit(source), SQLITE_WRITER)
    assert _active(*names) == [0, 0]
    with crawl_slot(source, sqlite):
        assert _active(*names) == [1, 1 if sqlite else 0]
    assert _active(*names) == [0, 0]
