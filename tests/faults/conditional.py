"""An HTTP server on 127.0.0.1 (port 0) that answers conditional GETs, and logs each request's headers."""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

HTML = "text/html; charset=utf-8"


@dataclass(slots=True)
class Resource:
    """What one path serves; etag or last_modified make it answer 304 to a matching validator."""

    body: bytes
    content_type: str = HTML
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    honour_validators: bool = True


@dataclass(frozen=True, slots=True)
class Request:
    """One request as the server saw it, and what it answered."""

    at: float  # time.monotonic()
    path: str
    headers: dict[str, str]
    status: int


@dataclass
class ConditionalServer:
    """Serves resources[path]; 404 for anything else."""

    resources: dict[str, Resource] = field(default_factory=dict)
    log: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        """Bind a free port; start() serves."""
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server._answer(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = int(self._httpd.server_address[1])
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="conditional", daemon=True)

    @property
    def base_url(self) -> str:
        """Return http://127.0.0.1:<port>."""
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        """Return the absolute URL of path."""
        return self.base_url + path

    def requests(self, path: str) -> list[Request]:
        """Return the requests path had, in order."""
        with self._lock:
            return [r for r in self.log if r.path == path]

    def __enter__(self) -> "ConditionalServer":
        """Start serving."""
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Stop serving."""
        self._httpd.shutdown()
        self._httpd.server_close()

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            resource = self.resources.get(handler.path)
        headers = {k.lower(): v for k, v in handler.headers.items()}
        if resource is None:
            status, body, reply = 404, b"<html><body>Not found</body></html>", {"Content-Type": HTML}
        else:
            status, body = resource.status, resource.body
            reply = {"Content-Type": resource.content_type}
            if resource.etag:
                reply["ETag"] = resource.etag
            if resource.last_modified:
                reply["Last-Modified"] = resource.last_modified
            if resource.honour_validators and _matches(resource, headers):
                status, body = 304, b""
        with self._lock:
            self.log.append(Request(time.monotonic(), handler.path, headers, status))
        handler.send_response(status)
        for name, value in reply.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


def _matches(resource: Resource, headers: dict[str, str]) -> bool:
    """Say whether the request's validators name the resource as served now."""
    if resource.etag and "if-none-match" in headers:
        return resource.etag in [v.strip() for v in headers["if-none-match"].split(",")]
    if resource.last_modified and "if-modified-since" in headers:
        return headers["if-modified-since"] == resource.last_modified
    return False
