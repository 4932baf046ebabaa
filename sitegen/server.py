"""SyntheticSite: serves a Site on 127.0.0.1 (free port) from a background thread, with a request log."""

import asyncio
import re
import socket
import threading
from collections.abc import Callable
from datetime import datetime
from types import TracebackType

from sitegen.article import Article, Entry
from sitegen.model import Site, View
from sitegen.protocol import HttpProtocol, _Clock
from sitegen.requestlog import LoggedRequest, RequestLog
from sitegen.router import Router
from sitegen.spec import SiteSpec


def bind(port: int = 0) -> socket.socket:
    """Return a listening socket on 127.0.0.1 (port 0: a free one)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(1024)
    sock.setblocking(False)
    return sock


async def serve_forever(
    sock: socket.socket, router: Router, log: RequestLog, stop: asyncio.Event | None = None
) -> None:
    """Serve connections on sock until stop is set (forever without one)."""
    stop = stop or asyncio.Event()
    clock = _Clock()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: HttpProtocol(router, log, clock), sock=sock)
    async with server:
        await stop.wait()


class SyntheticSite:
    """A synthetic news site served over HTTP; mutate it with add_articles(), edit() and advance()."""

    def __init__(
        self, spec: SiteSpec | Site, *, port: int = 0, cache_size: int = 2048, log_requests: bool = True
    ) -> None:
        """Bind 127.0.0.1:port now (so base_url is known); start() or `with` begins serving."""
        self.site = spec if isinstance(spec, Site) else Site(spec)
        self.spec = self.site.spec
        self._sock = bind(port)
        self.log = RequestLog(enabled=log_requests)
        self.router = Router(self.site, self.base_url, cache_size)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="synthetic-site", daemon=True)

    @property
    def base_url(self) -> str:
        """Return http://127.0.0.1:<port>."""
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    def url(self, path: str) -> str:
        """Return the absolute URL of a path."""
        return self.base_url + path

    def article_url(self, article_id: int) -> str:
        """Return the absolute URL of an article."""
        return self.base_url + self.site.entry(article_id).path

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._stop = asyncio.Event()
        task = loop.create_task(serve_forever(self._sock, self.router, self.log, self._stop))
        loop.call_soon(self._ready.set)
        try:
            loop.run_until_complete(task)
        finally:
            loop.close()

    def start(self) -> "SyntheticSite":
        """Serve in a background thread; returns once the server accepts connections."""
        self._thread.start()
        self._ready.wait(10)
        return self

    def close(self) -> None:
        """Stop serving and free the port."""
        if self._loop is not None and self._stop is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stop.set)
            self._thread.join(10)
        self._sock.close()

    def __enter__(self) -> "SyntheticSite":
        """Start serving."""
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Stop serving."""
        self.close()

    # The model, passed through so tests can drive the site without reaching into .site.

    @property
    def now(self) -> datetime:
        """Return the site's current time (UTC)."""
        return self.site.now

    @property
    def total(self) -> int:
        """Return the number of articles."""
        return self.site.total

    def view(self) -> View:
        """Return a read-only view of the current state."""
        return self.site.view()

    def entry(self, article_id: int) -> Entry:
        """Return an article's listing entry."""
        return self.site.entry(article_id)

    def article(self, article_id: int) -> Article:
        """Return a full article."""
        return self.site.article(article_id)

    def add_articles(self, count: int) -> range:
        """Publish count new articles (now advances past them) and return their ids."""
        return self.site.add_articles(count)

    def edit(self, article_id: int) -> datetime:
        """Append a correction to an article and return its new modified time."""
        return self.site.edit(article_id)

    def advance(self, seconds: int) -> datetime:
        """Move the site's clock forward and return the new now."""
        return self.site.advance(seconds)

    # The request log.

    def requests_for(
        self, pattern: str | re.Pattern[str] | Callable[[LoggedRequest], bool]
    ) -> list[LoggedRequest]:
        """Return logged requests whose target matches a regex or satisfies a predicate."""
        return self.log.matching(pattern)

    def article_fetches(self) -> list[LoggedRequest]:
        """Return logged article GETs answered 200."""
        return self.log.article_fetches()

    def clear_log(self) -> None:
        """Forget logged requests."""
        self.log.clear()
