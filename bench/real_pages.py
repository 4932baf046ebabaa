"""Real pages through the whole pipeline: how many of the evaluation sets' pages end up as articles.

    python -m bench.real_pages [--eval-dir ../shared/eval] [--sets trafilatura-eval,newspaper4k-pages]

Serves every page of the chosen evaluation sets from 127.0.0.1 behind one sitemap (each page under its own
path, as its server sent it), runs the real ingest flow on a fresh SQLite database with Prefect's local
ephemeral API, and reports per set: pages served, articles stored, and why the others were not (the
failures table, by stage and class). Pages of these sets are news, blogs, shops and institutions, so not
every page is an article: the interesting numbers are the failure classes, not a 100 % target.
"""

import argparse
import gzip
import json
import os
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from xml.sax.saxutils import escape

import yaml

DEFAULT_SETS = ("trafilatura-eval", "newspaper4k-pages")
SITEMAP = "/sitemap.xml"


def _pages(eval_dir: Path, sets: list[str]) -> dict[str, bytes]:
    """Return {path: page bytes} of every page of the sets, each under /<set>/<id>.html."""
    pages = {}
    for name in sets:
        for file in sorted((eval_dir / name / "html").glob("*.html.gz")):
            doc_id = file.name.removesuffix(".html.gz")
            pages[f"/{name}/{_slug(doc_id)}.html"] = gzip.decompress(file.read_bytes())
    return pages


def _slug(doc_id: str) -> str:
    return "".join(c if c.isalnum() or c in "-._" else "-" for c in doc_id)


@contextmanager
def served(pages: dict[str, bytes]) -> Iterator[str]:
    """Serve pages and a sitemap listing them on 127.0.0.1; yield the base URL."""
    holder: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = holder.get(self.path) if self.path == SITEMAP else pages.get(unquote(self.path))
            if body is None:
                self.send_error(404)
                return
            kind = "application/xml" if self.path == SITEMAP else "text/html"
            self.send_response(200)
            self.send_header("Content-Type", kind)  # no charset: the page's own declaration decides
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            """Stay quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    urls = "".join(f"<url><loc>{escape(base + path)}</loc></url>" for path in pages)
    holder[SITEMAP] = (
        f"<?xml version='1.0' encoding='UTF-8'?>"
        f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>"
    ).encode()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


def _source(base: str, pages: int) -> dict[str, Any]:
    return {
        "slug": "realpages",
        "name": "Real pages",
        "domain": "127.0.0.1",
        "base_url": base,
        "sitemaps": [SITEMAP],
        "max_pages": pages + 10,
        "download_delay": 0,
        "allow_private_hosts": ["127.0.0.1"],
    }


def _outcome(database_url: str) -> dict[str, Any]:
    """Return per set: articles stored and failures by stage/class."""
    from sqlalchemy import create_engine, select

    from newsingest.db.models import Article, Failure, Page

    engine = create_engine(database_url)
    per_set: dict[str, dict[str, Any]] = {}
    with engine.connect() as conn:
        # The fetched URL names the set: an article's own URL may be the canonical one its page declares.
        for (url,) in conn.execute(select(Page.url).join(Article, Article.page_id == Page.id)):
            per_set.setdefault(url.split("/")[3], {"articles": 0, "failures": Counter()})["articles"] += 1
        for url, stage, error_class in conn.execute(select(Failure.url, Failure.stage, Failure.error_class)):
            entry = per_set.setdefault(url.split("/")[3], {"articles": 0, "failures": Counter()})
            entry["failures"][f"{stage}/{error_class}"] += 1
        stored = select(Page.url).join(Article, Article.page_id == Page.id)
        accounted = {url for (url,) in conn.execute(stored)}
        accounted |= {url for (url,) in conn.execute(select(Failure.url))}
        fetched = {url for (url,) in conn.execute(select(Page.url))}
    engine.dispose()
    for entry in per_set.values():
        entry.setdefault("unaccounted", [])
    # A page fetched but neither stored nor failed would be data lost without a trace.
    for url in sorted(fetched - accounted):
        per_set.setdefault(url.split("/")[3], {"articles": 0, "failures": Counter(), "unaccounted": []})[
            "unaccounted"
        ].append(url)
    return per_set


def measure(eval_dir: Path, sets: list[str]) -> dict[str, Any]:
    """Ingest the sets' pages through a local site and return the counts."""
    from newsingest.db.migrate import upgrade
    from newsingest.prefect_env import apply_prefect_defaults

    pages = _pages(eval_dir, sets)
    served_per_set = Counter(path.split("/")[1] for path in pages)
    with tempfile.TemporaryDirectory(prefix="newsingest-real-pages-") as workdir:
        database_url = f"sqlite:///{workdir}/real.db"
        os.environ["NEWSINGEST_DATABASE_URL"] = database_url
        apply_prefect_defaults()
        upgrade(database_url)
        from newsingest.orchestration.ingest import ingest

        with served(pages) as base:
            sources_file = Path(workdir, "sources.yaml")
            document = {"sources": [_source(base, len(pages))]}
            sources_file.write_text(yaml.safe_dump(document), encoding="utf-8")
            started = time.perf_counter()
            state = ingest(
                sources=["realpages"], sources_file=str(sources_file), kind="manual", return_state=True
            )
            seconds = time.perf_counter() - started
        outcome = _outcome(database_url)
    rows = []
    for name in sets:
        got = outcome.get(name, {"articles": 0, "failures": Counter()})
        rows.append(
            {
                "set": name,
                "served": served_per_set[name],
                "articles": got["articles"],
                "share": round(got["articles"] / served_per_set[name], 3) if served_per_set[name] else 0.0,
                "failures": dict(got["failures"].most_common()),
                "unaccounted": got.get("unaccounted", []),
            }
        )
    return {"seconds": round(seconds, 1), "flow_state": state.type.value, "sets": rows}


def table(result: dict[str, Any]) -> str:
    """Return the result as a plain-text table."""
    lines = [f"{'set':<20} {'served':>7} {'articles':>9} {'share':>6} {'lost':>5}  top failures"]
    for row in result["sets"]:
        top = ", ".join(f"{k}={v}" for k, v in list(row["failures"].items())[:3])
        lost = len(row["unaccounted"])
        counts = f"{row['served']:>7} {row['articles']:>9} {row['share']:>6.1%} {lost:>5}"
        lines.append(f"{row['set']:<20} {counts}  {top}")
    lines.append(f"ingest flow {result['flow_state']} in {result['seconds']} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Run the measurement and print JSON, then a table."""
    parser = argparse.ArgumentParser(prog="python -m bench.real_pages", description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=Path("..", "shared", "eval"))
    parser.add_argument("--sets", default=",".join(DEFAULT_SETS), help="comma-separated set names")
    args = parser.parse_args(argv)
    result = measure(args.eval_dir, [s for s in args.sets.split(",") if s])
    print(json.dumps(result, indent=2))
    print(table(result))


if __name__ == "__main__":
    main()
