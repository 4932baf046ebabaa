"""Health probes go through the crawl's SSRF guard on every redirect hop and stop reading at the size cap."""

import threading
from typing import Any

import pytest

from newsingest.source_health import HealthPolicy, ProbeOptions, Problem, probe_entry_points
from newsingest.sources import Source
from tests.faults.server import FaultServer, Reply
from tests.faults.site import fault_source, rss

CAP = 256 * 1024


@pytest.fixture
def server() -> Any:
    with FaultServer() as started:
        started.routes["/robots.txt"] = Reply(
            200, b"User-agent: *\nAllow: /\n", {"Content-Type": "text/plain"}
        )
        yield started


@pytest.fixture
def elsewhere() -> Any:
    """A second server: what a forbidden redirect would reach if it were followed."""
    with FaultServer() as started:
        started.routes["/feed.xml"] = rss(["https://example.org/news/a.html"])
        started.routes["/robots.txt"] = Reply(200, b"User-agent: *\n", {"Content-Type": "text/plain"})
        yield started


def probe(source: Source, timeout: float = 5.0) -> list[Problem]:
    """Run the probes in a thread; a probe that does not return within 60 s fails the test."""
    found: list[Problem] = []
    thread = threading.Thread(
        target=lambda: found.extend(
            probe_entry_points(source, HealthPolicy(probe_timeout=timeout), ProbeOptions())
        ),
        daemon=True,
    )
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "the probe went on reading past 60 s"
    return found


def test_a_healthy_feed_and_robots_give_no_problem(server: FaultServer) -> None:
    server.routes["/feed.xml"] = rss([server.url("/news/a.html")])
    assert probe(fault_source(server)) == []


@pytest.mark.parametrize(
    ("target", "why"),
    [
        ("http://localhost:{port}/feed.xml", "localhost resolves to loopback address 127.0.0.1"),
        (
            "http://169.254.169.254/latest/meta-data/",
            "169.254.169.254 resolves to link-local address 169.254.169.254",
        ),
        ("file:///etc/passwd", "scheme 'file' is not http(s)"),
    ],
    ids=["loopback-by-name", "cloud-metadata", "file"],
)
def test_a_feed_redirecting_to_a_forbidden_address_is_refused_before_connecting(
    server: FaultServer, elsewhere: FaultServer, target: str, why: str
) -> None:
    location = target.format(port=elsewhere.port)
    server.routes["/feed.xml"] = Reply(302, b"", {"Location": location})
    # The source opts in to 127.0.0.1 only, as test and demo sources do: other names for it stay refused.
    [problem] = probe(fault_source(server))
    assert problem.key == f"feed {server.url('/feed.xml')}"
    assert problem.text == (f"feed {server.url('/feed.xml')} refused (redirected to {location}): {why}"), (
        problem.text
    )
    assert elsewhere.requested("/feed.xml") == 0


def test_robots_txt_redirecting_to_a_forbidden_address_is_refused(
    server: FaultServer, elsewhere: FaultServer
) -> None:
    server.routes["/feed.xml"] = rss([server.url("/news/a.html")])
    server.routes["/robots.txt"] = Reply(
        301, b"", {"Location": f"http://localhost:{elsewhere.port}/robots.txt"}
    )
    [problem] = probe(fault_source(server))
    assert problem.key == "robots" and "refused" in problem.text and "loopback" in problem.text
    assert elsewhere.requested("/robots.txt") == 0


def test_a_redirect_to_an_allowed_host_is_followed(server: FaultServer, elsewhere: FaultServer) -> None:
    server.routes["/feed.xml"] = Reply(302, b"", {"Location": elsewhere.url("/feed.xml")})
    assert probe(fault_source(server)) == []  # 127.0.0.1 is allowed, whatever the port
    assert elsewhere.requested("/feed.xml") == 1


def test_a_source_without_the_opt_in_is_refused_its_own_loopback_feed(server: FaultServer) -> None:
    server.routes["/feed.xml"] = rss([server.url("/news/a.html")])
    problems = probe(fault_source(server, allow_private_hosts=[]))
    assert {p.key for p in problems} == {"robots", f"feed {server.url('/feed.xml')}"}
    assert all("refused" in p.text and "loopback address 127.0.0.1" in p.text for p in problems)
    assert server.requested("/feed.xml") == 0 and server.requested("/robots.txt") == 0


def test_an_endless_feed_body_stops_at_the_sources_size_cap(server: FaultServer) -> None:
    # 256 MiB without a Content-Length, 1000 times the cap: a probe that reads it all is the bug.
    chunk = b"<rss><channel>" + b"x" * (64 * 1024 - 14)
    server.routes["/feed.xml"] = Reply(200, stream=(chunk, 4096), length=-1)
    [problem] = probe(fault_source(server, download_maxsize=CAP))
    assert problem.text == f"feed {server.url('/feed.xml')} is over {CAP} bytes; stopped reading there"


def test_a_dripping_feed_body_ends_at_the_probe_deadline(server: FaultServer) -> None:
    body = rss([server.url("/news/a.html")]).body
    server.routes["/feed.xml"] = Reply(200, body, {"Content-Type": "application/rss+xml"}, drip=0.05)
    [problem] = probe(fault_source(server), timeout=0.5)  # deadline 1.5 s; the body takes ~10 s
    assert "body not read within 1.5 s" in problem.text
