"""A minimal HTTP/1.1 server protocol on asyncio: GET and HEAD, keep-alive, pipelining, 304s.

The standard library's http.server spends most of its time in per-request objects and header parsing;
this protocol parses only what the site needs so one core serves thousands of pages a second.
"""

import asyncio
import time
from datetime import UTC
from email.utils import format_datetime, formatdate

from sitegen.conditional import not_modified
from sitegen.requestlog import RequestLog
from sitegen.router import Rendered, Router

MAX_HEAD = 64 * 1024
REASONS = {200: "OK", 304: "Not Modified", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"}


class _Clock:
    """The Date header, formatted at most once a second."""

    def __init__(self) -> None:
        self._second = 0
        self._value = ""

    def date(self) -> str:
        now = int(time.time())
        if now != self._second:
            self._second, self._value = now, formatdate(now, usegmt=True)
        return self._value


class HttpProtocol(asyncio.Protocol):
    """Serves one connection from a Router, logging each request."""

    def __init__(self, router: Router, log: RequestLog, clock: _Clock) -> None:
        """Answer from router; record into log."""
        self.router = router
        self.log = log
        self.clock = clock
        self.buffer = bytearray()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Keep the transport."""
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        """Answer every complete request head in the buffer (pipelined requests included)."""
        self.buffer += data
        while self.transport is not None and not self.transport.is_closing():
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > MAX_HEAD:
                    self._error(400)
                return
            head = bytes(self.buffer[:end]).decode("latin-1")
            del self.buffer[: end + 4]
            self._handle(head)

    def _error(self, status: int) -> None:
        assert self.transport is not None
        body = f"{status} {REASONS[status]}\n".encode()
        self.transport.write(
            f"HTTP/1.1 {status} {REASONS[status]}\r\nContent-Type: text/plain\r\nContent-Length:"
            f" {len(body)}\r\n"
            f"Connection: close\r\nDate: {self.clock.date()}\r\n\r\n".encode()
            + body
        )
        self.transport.close()

    def _handle(self, head: str) -> None:
        lines = head.split("\r\n")
        try:
            method, target, version = lines[0].split(" ")
        except ValueError:
            self._error(400)
            return
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if method not in ("GET", "HEAD"):
            # Without reading request bodies the connection cannot be reused safely: close it.
            self.log.record(method, target, 405, time.time())
            self._error(405)
            return
        connection = headers.get("connection", "").lower()
        keep_alive = connection != "close" if version == "HTTP/1.1" else connection == "keep-alive"
        rendered = self.router.render(target)
        self._respond(method, target, headers, rendered, keep_alive)

    def _respond(
        self, method: str, target: str, headers: dict[str, str], rendered: Rendered, keep_alive: bool
    ) -> None:
        assert self.transport is not None
        page = rendered.page
        status = page.status
        extra = ""
        if status == 200:
            last_modified = page.last_modified
            extra = f"ETag: {rendered.etag}\r\nCache-Control: no-cache\r\n"
            if last_modified is not None:
                extra += f"Last-Modified: {format_datetime(last_modified.astimezone(UTC), usegmt=True)}\r\n"
            if not_modified(headers, rendered.etag, last_modified):
                status = 304
        body = page.body if status != 304 and method == "GET" else b""
        length = f"Content-Length: {len(page.body)}\r\n" if status != 304 else ""
        head = (
            f"HTTP/1.1 {status} {REASONS[status]}\r\nServer: newsingest-sitegen\r\nDate:"
            f" {self.clock.date()}\r\n"
            f"Content-Type: {page.content_type}\r\n{length}{extra}"
            f"Connection: {'keep-alive' if keep_alive else 'close'}\r\n\r\n"
        )
        # Log before writing: a client that has its answer must find the request in the log.
        self.log.record(method, target, status, time.time())
        self.transport.write(head.encode() + body)
        if not keep_alive:
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        """Forget the transport."""
        self.transport = None
