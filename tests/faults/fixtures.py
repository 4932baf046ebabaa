"""Fixtures of the tests that crawl a fault server: short timeouts and the server itself.

A plugin (tests/conftest.py lists it in pytest_plugins), so the fault tests and the flow tests share one
definition without importing fixtures by name.
"""

from collections.abc import Iterator

import pytest

from newsingest.config import get_settings
from tests.faults.server import FaultServer

# Short enough that a stalled server costs seconds, long enough for a busy 2-core CI machine.
FAST_SETTINGS = {
    "NEWSINGEST_DOWNLOAD_TIMEOUT": "2",
    "NEWSINGEST_EXTRACT_TIMEOUT": "8",
    "NEWSINGEST_DB_RETRIES": "3",
    "NEWSINGEST_DB_RETRY_BACKOFF": "0.05",
    "NEWSINGEST_CRAWL_TIMEOUT": "180",
    "NEWSINGEST_LOG_LEVEL": "INFO",
    # One extraction process per run: a fault site has a few pages, and each process costs a start-up.
    "NEWSINGEST_EXTRACT_WORKERS": "1",
}


@pytest.fixture
def fast_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Short timeouts and retries for this process and the crawl subprocesses it starts."""
    for name, value in FAST_SETTINGS.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def server() -> Iterator[FaultServer]:
    """A fault server on 127.0.0.1 with a free port."""
    with FaultServer() as fault_server:
        yield fault_server
