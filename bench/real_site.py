"""A local site of real pages: `python -m bench.real_site [--eval-dir D] [--sets S] [--limit N]`.

Serves the evaluation sets' real pages (each under /<set>/<id>.html, as their servers sent them) from
127.0.0.1, with an RSS feed of them all at /feed.xml and one of the first page alone at /one/feed.xml. It
runs in a process of its own, so its CPU time and GIL stay away from the measured sides; the first line on
stdout is the base URL.
"""

import argparse
import contextlib
import gzip
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from xml.sax.saxutils import escape

from bench.child_site import served_by_child

DEFAULT_EVAL_DIR = Path(__file__).parents[1] / ".." / "shared" / "eval"
DEFAULT_SETS = ("trafilatura-eval",)
FEED, ONE_FEED = "/feed.xml", "/one/feed.xml"


def page_paths(eval_dir: Path, sets: list[str], limit: int | None = None) -> dict[str, Path]:
    """Return {path on the site: gzipped page file}, in a stable order, at most limit pages."""
    paths = {}
    for name in sets:
        for file in sorted((eval_dir / name / "html").glob("*.html.gz")):
            slug = "".join(
                c if (c.isascii() and c.isalnum()) or c in "-._" else "-"
                for c in file.name.removesuffix(".html.gz")
            )
            paths[f"/{name}/{slug}.html"] = file
    return dict(list(paths.items())[:limit])


def rss(base: str, paths: list[str]) -> bytes:
    """Return an RSS 2.0 feed whose items link to base + each path."""
    items = "".join(
        f"<item><title>{escape(path)}</title><link>{escape(base + path)}</link></item>" for path in paths
    )
    return (
        "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>Real pages</title>"
        f"<link>{escape(base)}/</link><description>Evaluation pages</description>{items}</channel></rss>"
    ).encode()


def document_server(documents: dict[str, tuple[bytes, str]]) -> ThreadingHTTPServer:
    """Return a quiet keep-alive server on 127.0.0.1 answering each path of documents (body, type)."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a real site's server

        def do_GET(self) -> None:
            found = documents.get(unquote(self.path))
            if found is None:
                self.send_error(404)
                return
            body, kind = found
            self.send_response(200)
            self.send_header("Content-Type", kind)  # no charset: the page's own declaration decides
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            """Stay quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    return server


def serve(pages: dict[str, bytes]) -> None:
    """Serve pages and both feeds until terminated; print the base URL first."""
    documents: dict[str, tuple[bytes, str]] = {path: (body, "text/html") for path, body in pages.items()}
    server = document_server(documents)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    paths = list(pages)
    documents[FEED] = (rss(base, paths), "application/rss+xml")
    documents[ONE_FEED] = (rss(base, paths[:1]), "application/rss+xml")
    print(base, flush=True)
    server.serve_forever()


def served_real_site(
    eval_dir: Path, sets: list[str], limit: int | None
) -> "contextlib.AbstractContextManager[str]":
    """Serve the site in a child process and yield its base URL."""
    module = ["-m", "bench.real_site", "--eval-dir", str(eval_dir), "--sets", ",".join(sets)]
    if limit is not None:
        module += ["--limit", str(limit)]
    return served_by_child(module, "the real-page site")


def main(argv: list[str] | None = None) -> None:
    """Read the pages, then serve them until terminated."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--sets", default=",".join(DEFAULT_SETS))
    parser.add_argument("--limit", type=int, default=None, help="serve the first N pages only")
    args = parser.parse_args(argv)
    files = page_paths(args.eval_dir, [s for s in args.sets.split(",") if s], args.limit)
    serve({path: gzip.decompress(file.read_bytes()) for path, file in files.items()})


if __name__ == "__main__":
    main()
