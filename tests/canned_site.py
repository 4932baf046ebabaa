"""The demo site with canned responses at chosen paths and a log of the paths asked for."""

import threading
from dataclasses import dataclass, field
from pathlib import Path

from newsingest.demo import SITE_DIR, DemoSite, Reply


@dataclass(frozen=True, slots=True)
class CannedResponse:
    """A response served instead of the file at a path (a server error, a page without text, …)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


class CannedDemoSite(DemoSite):
    """Serves the demo site, except the paths in overrides; records every path it is asked for."""

    def __init__(self, root: Path = SITE_DIR, port: int = 0, origin: str | None = None) -> None:
        """Bind the server as DemoSite does, with no overrides and an empty request log."""
        super().__init__(root, port, origin)
        self.overrides: dict[str, CannedResponse] = {}
        self.requests: list[str] = []
        self.lock = threading.Lock()

    def answer(self, path: str, base_url: str) -> Reply:
        """Log path, then return its canned response if it has one, else the demo site's."""
        with self.lock:
            self.requests.append(path)
        canned = self.overrides.get(path)
        if canned is not None:
            return canned.status, canned.body, canned.headers
        return super().answer(path, base_url)

    def requested(self, path: str) -> int:
        """Return how many requests path has had."""
        with self.lock:
            return self.requests.count(path)
