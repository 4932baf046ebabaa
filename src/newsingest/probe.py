"""One guarded GET for the health probes: the crawl's address policy on every hop, a byte cap, a deadline."""

import time
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from newsingest.netguard import REDIRECTS, url_problem

MAX_REDIRECTS = 5  # the crawl's REDIRECT_MAX_TIMES


@dataclass(frozen=True, slots=True)
class Fetched:
    """What a guarded GET got: a status and at most cap bytes, or why it got nothing."""

    url: str  # the last URL asked for (after redirects)
    status: int | None = None
    body: bytes = b""
    truncated: bool = False  # the body went on past the cap; reading stopped there
    refused: str | None = None  # the guard refused this URL before connecting
    error: str | None = None  # the transport failed (timeout, refused connection, too many redirects)


@dataclass(frozen=True, slots=True)
class Guard:
    """The limits of one source's probes."""

    private_ok: Collection[str] = ()  # hosts that may resolve to private addresses (allow_private_hosts)
    cap: int = 10 * 1024 * 1024  # bytes read from a body at most
    timeout: float = 10.0  # seconds per connect or read
    deadline: float = 30.0  # seconds for one GET, redirects and body included (a dripping body ends)


def guarded_get(client: httpx.Client, url: str, guard: Guard) -> Fetched:
    """GET url with client (which must not follow redirects itself), checking every hop before it."""
    started = time.monotonic()
    for _hop in range(MAX_REDIRECTS + 1):
        refused = url_problem(url, guard.private_ok)
        if refused:
            return Fetched(url, refused=refused)
        try:
            with client.stream("GET", url, timeout=guard.timeout) as response:
                location = response.headers.get("location")
                if response.status_code in REDIRECTS and location:
                    url = urljoin(url, location.strip())
                    continue
                return _read(response, url, guard, started)
        except httpx.HTTPError as exc:
            return Fetched(url, error=type(exc).__name__)
    return Fetched(url, error=f"more than {MAX_REDIRECTS} redirects")


def _read(response: httpx.Response, url: str, guard: Guard, started: float) -> Fetched:
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > guard.cap:
            return Fetched(url, response.status_code, bytes(body[: guard.cap]), truncated=True)
        if time.monotonic() - started > guard.deadline:
            return Fetched(url, response.status_code, error=f"body not read within {guard.deadline:g} s")
    return Fetched(url, response.status_code, bytes(body))
