"""A fault-injecting HTTP server on 127.0.0.1 (port 0) with a per-path behaviour table and a request log.

Raw sockets, so it can do what a well-behaved server cannot: stall before the headers, drip a body one
byte a second, reset the connection, send less than its Content-Length, loop redirects, serve bombs.
"""

import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from types import TracebackType
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class Reply:
    """What the server does for one request to a path."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    stall: float = 0.0  # seconds before anything is sent (slow headers)
    drip: float = 0.0  # seconds between body bytes (slow body)
    reset: bool = False  # RST instead of any answer (SO_LINGER 0)
    truncate_to: int | None = None  # send this many body bytes, then close (Content-Length stays full)
    length: int | None = None  # Content-Length to announce (default: len(body); -1: none, close ends it)
    stream: tuple[bytes, int] | None = None  # (chunk, times): a large body generated on the fly


@dataclass(frozen=True, slots=True)
class Hit:
    """One request as the server saw it."""

    at: float  # time.monotonic()
    path: str  # path and query
    port: int


HTML = "text/html; charset=utf-8"


class FaultServer:
    """Serves routes[path]: a Reply, Replies in order (the last repeats) or a function of the target."""

    def __init__(self) -> None:
        """Bind 127.0.0.1 on a free port; start() serves."""
        self.routes: dict[str, Reply | list[Reply] | Callable[[str], Reply]] = {}
        self.log: list[Hit] = []
        self._served: dict[str, int] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self._sock.settimeout(0.2)
        self.port = int(self._sock.getsockname()[1])
        self._thread = threading.Thread(target=self._accept, name="fault-server", daemon=True)

    @property
    def base_url(self) -> str:
        """Return http://127.0.0.1:<port>."""
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        """Return the absolute URL of path."""
        return self.base_url + path

    def hits(self, path: str) -> list[Hit]:
        """Return the requests path had, in order."""
        with self._lock:
            return [h for h in self.log if h.path == path]

    def requested(self, path: str) -> int:
        """Return how many requests path had."""
        return len(self.hits(path))

    def start(self) -> "FaultServer":
        """Serve in a background thread."""
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop accepting and end stalled replies."""
        self._stop.set()
        self._thread.join(timeout=5)
        self._sock.close()

    def __enter__(self) -> "FaultServer":
        """Start serving."""
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Stop serving."""
        self.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _next_reply(self, path: str) -> Reply | None:
        with self._lock:
            route = self.routes.get(path)
            if route is None:
                route = self.routes.get(urlsplit(path).path)
            if isinstance(route, list):
                index = self._served.get(path, 0)
                self._served[path] = index + 1
                return route[min(index, len(route) - 1)]
        return route(path) if callable(route) else route

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        try:
            request = b""
            while b"\r\n\r\n" not in request and len(request) < 65536:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                request += chunk
            target = request.split(b"\r\n", 1)[0].split(b" ")[1].decode("latin-1")
            with self._lock:
                self.log.append(Hit(time.monotonic(), target, self.port))
            reply = self._next_reply(target) or Reply(404, b"<html><body>Not found</body></html>", {})
            self._reply(conn, reply)
        except OSError:
            pass
        finally:
            conn.close()

    def _sleep(self, seconds: float) -> bool:
        """Sleep unless the server stops; return False when it stopped."""
        return not self._stop.wait(seconds)

    def _reply(self, conn: socket.socket, reply: Reply) -> None:
        if reply.stall and not self._sleep(reply.stall):
            return
        if reply.reset:
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return
        size = reply.stream[1] * len(reply.stream[0]) if reply.stream else len(reply.body)
        headers = {"Content-Type": HTML, "Content-Length": str(reply.length or size), "Connection": "close"}
        if reply.length == -1:
            del headers["Content-Length"]
        headers |= reply.headers
        phrase = HTTPStatus(reply.status).phrase if reply.status in HTTPStatus._value2member_map_ else "X"
        head = f"HTTP/1.1 {reply.status} {phrase}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        conn.sendall(head.encode("latin-1") + b"\r\n")
        if reply.stream:
            chunk, times = reply.stream
            for _ in range(times):
                if self._stop.is_set():
                    return
                conn.sendall(chunk)
            return
        body = reply.body if reply.truncate_to is None else reply.body[: reply.truncate_to]
        if reply.drip:
            for index in range(len(body)):
                conn.sendall(body[index : index + 1])
                if not self._sleep(reply.drip):
                    return
            return
        conn.sendall(body)
