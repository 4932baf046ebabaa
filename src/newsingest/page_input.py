"""One page to extract, read from a saved file (.html or .html.gz) or fetched from a URL."""

import gzip
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from newsingest.errors import NewsingestError


@dataclass(frozen=True, slots=True)
class PageInput:
    """A page's bytes with what is known about them."""

    body: bytes
    content_type: str | None = None
    url: str | None = None


def read_page(target: str, *, user_agent: str, timeout: float, max_size: int) -> PageInput:
    """Return the page at target, a file path or a URL (fetched as user_agent, at most max_size bytes)."""
    if target.startswith(("http://", "https://")):
        return _fetch(target, user_agent, timeout, max_size)
    path = Path(target)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NewsingestError(f"cannot read {target}: {exc.strerror}") from None
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise NewsingestError(f"cannot read {target}: not gzip data ({exc})") from None
    return PageInput(data)


def _fetch(url: str, user_agent: str, timeout: float, max_size: int) -> PageInput:
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return PageInput(response.read(max_size), response.headers.get("Content-Type"), url)
    except (OSError, ValueError) as exc:
        raise NewsingestError(f"cannot fetch {url}: {exc}") from None
