"""`newsingest demo` keeps its articles' URLs whichever port it gets, says so, and says what to try next."""

import contextlib
import http.client
import re
import socket
import sqlite3
from pathlib import Path

import pytest
from prefect.settings import get_current_settings

from newsingest.config import BUNDLED_SOURCES
from newsingest.demo import DemoSite
from newsingest.sources import load_sources, select_sources
from tests.cli.helpers import Cli
from tests.conftest import write_sources

NEXT_COMMANDS = ("newsingest articles --source demo", "newsingest show ", "newsingest status")


def free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return int(probe.getsockname()[1])


def fetch(port: int, target: str) -> tuple[int, bytes]:
    """GET target (a path, or an absolute URL as clients of a proxy send it) from 127.0.0.1:port."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", target)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_the_demo_site_answers_for_its_origin_as_a_proxy_and_for_nothing_else() -> None:
    origin = f"http://127.0.0.1:{free_port()}"
    with DemoSite(origin=origin) as site:
        status, feed = fetch(site.port, f"{origin}/feed.xml")
        assert status == 200 and f"{origin}/k24/".encode() in feed
        assert site.base_url.encode() not in feed
        status, direct = fetch(site.port, "/feed.xml")  # a browser at the live address gets live links
        assert status == 200 and f"{site.base_url}/k24/".encode() in direct
        status, _ = fetch(site.port, "http://example.com/feed.xml")
        assert status == 502


def test_the_demo_site_says_when_the_port_it_asked_for_was_taken() -> None:
    with socket.create_server(("127.0.0.1", 0)) as holder:
        taken = holder.getsockname()[1]
        with DemoSite(port=taken) as site:
            assert site.moved and site.port != taken and site.preferred_port == taken
    with DemoSite(port=0) as site:
        assert not site.moved


def article_urls(database: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(database)) as conn:
        return [url for (url,) in conn.execute("select url from articles")]


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
def test_the_demo_stores_each_article_once_whichever_port_it_gets(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A demo while another listener holds the demo's port, then one with the port free: 9 articles."""
    # The test's Prefect server: no temporary server for each of the three demos (10-20 s each).
    monkeypatch.setenv("PREFECT_API_URL", str(get_current_settings().api.url))
    # The bundled source names 127.0.0.1:8765; here it names a port this test owns, so that a demo or a
    # test running beside this one cannot take it or free it.
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    demo = select_sources(load_sources(BUNDLED_SOURCES), ["demo"])[0].model_copy(update={"base_url": origin})
    monkeypatch.setenv("NEWSINGEST_SOURCES_FILE", str(write_sources(tmp_path / "sources.yaml", demo)))
    database = tmp_path / "newsingest.db"
    moved = f"port {port} is taken; serving the demo on 127.0.0.1:"
    with socket.create_server(("127.0.0.1", port)) as listener:
        result = cli("demo", cwd=tmp_path, timeout=300)
        assert result.returncode == 0, result.stderr[-3000:]
        assert moved in result.stdout
        assert "Run summary" in result.stdout and "completed" in result.stdout
        urls = article_urls(database)
        assert len(urls) == 9 and all(url.startswith(f"{origin}/") for url in urls), urls
        listener.setblocking(False)
        with pytest.raises(BlockingIOError):  # nothing ever asked the other listener
            listener.accept()
    result = cli("demo", cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert moved not in result.stdout and f"demo site serving on {origin}" in result.stdout
    assert sorted(article_urls(database)) == sorted(urls)
    tail = result.stdout[result.stdout.index("The articles are stored in") :]
    assert str(database) in tail
    assert all(command in tail for command in NEXT_COMMANDS), tail
    newest = re.search(r"newsingest show (\d+) ", tail)
    assert newest, tail
    shown = cli("show", newest.group(1), cwd=tmp_path)  # the hint names a stored article
    assert shown.returncode == 0 and f"{origin}/" in shown.stdout, shown.stderr
