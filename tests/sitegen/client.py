"""A small HTTP client for the synthetic-site tests: 304 and 404 come back as values."""

from dataclasses import dataclass
from email.message import Message
from urllib.error import HTTPError
from urllib.request import Request, urlopen


@dataclass(frozen=True)
class Fetched:
    """A response: status, headers and body."""

    status: int
    headers: Message
    body: bytes


def fetch(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> Fetched:
    """GET (or HEAD) url, returning 304 and 404 answers instead of raising."""
    request = Request(url, headers=headers or {}, method=method)
    try:
        with urlopen(request, timeout=10) as response:
            return Fetched(response.status, response.headers, response.read())
    except HTTPError as error:
        return Fetched(error.code, error.headers, error.read())
