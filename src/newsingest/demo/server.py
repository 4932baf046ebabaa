"""A static news-site server on 127.0.0.1 with a free port."""

import mimetypes
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urlsplit

SITE_DIR = Path(__file__).with_name("site")
BASE_TOKEN = b"__BASE_URL__"
TEXT_SUFFIXES = {".html", ".xml", ".txt", ".json"}
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}
# A response: status, body and headers.
Reply = tuple[int, bytes, dict[str, str]]


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Keep the console quiet."""

    def do_HEAD(self) -> None:
        """Answer like GET without a body."""
        self._respond(send_body=False)

    def do_GET(self) -> None:
        """Serve a file or 404."""
        self._respond(send_body=True)

    def _respond(self, *, send_body: bool) -> None:
        site = self.server.site
        target = urlsplit(self.path)
        # An absolute URL is a request made through this server as an HTTP proxy: pages then name that
        # origin, which must be one this site stands for.
        base_url = f"{target.scheme}://{target.netloc}" if target.scheme else site.base_url
        if base_url not in (site.base_url, site.origin):
            self._send(
                502, b"not a proxy for " + base_url.encode(), {"Content-Type": TYPES[".txt"]}, send_body
            )
            return
        status, body, headers = site.answer(unquote(target.path), base_url)
        self._send(status, body, headers, send_body)

    def _send(self, status: int, body: bytes, headers: dict[str, str], send_body: bool) -> None:
        self.send_response(
            status, HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
        )
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: "DemoSite"


class DemoSite:
    """Serves a site directory on 127.0.0.1 (port 0 picks a free port) until closed.

    Pages name the address they were asked at. A client may also ask for origin through this server as
    its HTTP proxy, so a site keeps one address (its articles' URLs) whichever port it got.
    """

    def __init__(self, root: Path = SITE_DIR, port: int = 0, origin: str | None = None) -> None:
        """Bind the server, port if free, else any; call start() (or use as a context manager) to serve."""
        self.root = root.resolve()
        self.preferred_port = port
        try:
            self._server = _Server(("127.0.0.1", port), _Handler)
        except OSError:  # the preferred port is taken: any free one will do
            self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.site = self
        self.origin = origin.rstrip("/") if origin else self.base_url
        self._thread = threading.Thread(target=self._server.serve_forever, name="demo-site", daemon=True)

    @property
    def port(self) -> int:
        """Return the port it listens on."""
        return int(self._server.server_address[1])

    @property
    def moved(self) -> bool:
        """Say whether the port asked for was taken, so the site listens on another."""
        return bool(self.preferred_port) and self.port != self.preferred_port

    @property
    def base_url(self) -> str:
        """Return http://127.0.0.1:<port>, where it listens."""
        return f"http://127.0.0.1:{self.port}"

    def resolve(self, path: str) -> Path | None:
        """Return the file serving path, or None (directories serve their index.html)."""
        candidate = (self.root / path.lstrip("/")).resolve()
        if not candidate.is_relative_to(self.root):
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def answer(self, path: str, base_url: str) -> Reply:
        """Return the response to a request for path: its file, naming base_url in text files, or 404."""
        file = self.resolve(path)
        if file is None:
            return 404, b"<html><body><h1>Not found</h1></body></html>", {"Content-Type": TYPES[".html"]}
        body = file.read_bytes()
        if file.suffix in TEXT_SUFFIXES:
            body = body.replace(BASE_TOKEN, base_url.encode())
        content_type = (
            TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        )
        return 200, body, {"Content-Type": content_type}

    def start(self) -> "DemoSite":
        """Serve in a background thread."""
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving and free the port."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "DemoSite":
        """Start serving."""
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Stop serving."""
        self.close()
