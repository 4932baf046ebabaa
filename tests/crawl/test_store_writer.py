"""The writer thread: a locked SQLite makes items queue (bounded), and nothing is lost or reordered."""

import sqlite3
import threading
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url

from newsingest.crawl.item_pipeline import StoreWriter
from newsingest.crawl.items import RawPage
from newsingest.crawl.store import PageStore
from newsingest.db.models import Page


def raw(index: int) -> RawPage:
    url = f"https://n.example/news/{index:03d}.html"
    return RawPage(url, url, 200, {}, b"<html>%d</html>" % index, datetime.now(UTC))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_locked_database_fills_the_bounded_queue_and_everything_lands_in_order(
    engine: Engine, database_url: str
) -> None:
    lock = sqlite3.connect(
        str(make_url(database_url).database), isolation_level=None, check_same_thread=False
    )
    lock.execute("BEGIN IMMEDIATE")
    writer = StoreWriter(PageStore(engine, "s", None, batch_size=2, max_delay=0.05), max_queued=3)
    queued, refused = 0, 0
    for index in range(10):
        # The reactor side never blocks: a full queue says so at once.
        started = time.monotonic()
        accepted = writer.put_nowait(raw(index))
        assert time.monotonic() - started < 0.1
        queued, refused = queued + accepted, refused + (not accepted)
    assert refused > 0 and queued <= 3 + 2  # the queue's bound, plus the batch the thread holds
    threading.Timer(0.5, lambda: lock.execute("COMMIT")).start()
    pending = [raw(index) for index in range(10, 13)]
    while pending:  # what the pipeline does: wait for room, then queue
        if writer.put_nowait(pending[0]):
            pending.pop(0)
        else:
            time.sleep(0.05)
    writer.close()
    with engine.connect() as conn:
        urls = list(conn.execute(select(Page.url).order_by(Page.id)).scalars())
    accepted_urls = [u for u in urls if int(u[-8:-5]) < 10]
    assert accepted_urls == sorted(accepted_urls) and len(accepted_urls) == queued
    assert urls[-3:] == [raw(index).url for index in range(10, 13)]
