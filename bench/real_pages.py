"""Real pages through the whole pipeline: how many of the evaluation sets' pages end up as articles.

    python -m bench.real_pages [--eval-dir ../shared/eval] [--sets trafilatura-eval,newspaper4k-pages]
                               [--merges] [--keep FILE]

Serves every page of the chosen evaluation sets from 127.0.0.1 behind one sitemap (each page under its own
path, as its server sent it), runs the real ingest flow on a fresh SQLite database with Prefect's local
ephemeral API, and reports per set: pages served, articles stored, and why the others were not (the
failures table, by stage and class). Pages of these sets are news, blogs, shops and institutions, so not
every page is an article: the interesting numbers are the failure classes, not a 100 % target.

The pages are unrelated, so the stories and near-copies formed among them are where the loader merges
what it should not: the result counts the stories of several articles and the `duplicate_of` links, and
`--merges` lists them (each article by its set and page id, with its title and the start of its text) for
judging by hand. `--keep FILE` keeps the SQLite database there.
"""

import argparse
import gzip
import json
import os
import shutil
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import yaml

from bench.real_site import document_server

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
    documents: dict[str, tuple[bytes, str]] = {path: (body, "text/html") for path, body in pages.items()}
    server = document_server(documents)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    urls = "".join(f"<url><loc>{escape(base + path)}</loc></url>" for path in pages)
    documents[SITEMAP] = (
        (
            f"<?xml version='1.0' encoding='UTF-8'?>"
            f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>"
        ).encode(),
        "application/xml",
    )
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


def _page_of(url: str) -> str:
    """Return '<set>/<page id>' of a served URL (the page id as served: unsafe characters as dashes)."""
    return url.split("/", 3)[3].removesuffix(".html")


def merges(database_url: str) -> dict[str, list[dict[str, Any]]]:
    """Return the stories of several articles and the near-copy links among the stored articles."""
    from sqlalchemy import create_engine, select

    from newsingest.db.models import Article, Page, Story
    from newsingest.dedup.minhash import shingles

    engine = create_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                Article.id,
                Article.title,
                Article.text,
                Article.published_at,
                Article.story_id,
                Article.duplicate_of_id,
                Page.url,
            ).join(Page, Page.id == Article.page_id)
        ).all()
        shared = {
            r.id: r
            for r in conn.execute(
                select(Story.id, Story.title, Story.article_count).where(Story.article_count > 1)
            )
        }
    engine.dispose()
    page = {r.id: _page_of(r.url) for r in rows}
    by_id = {r.id: r for r in rows}

    def article(r: Any) -> dict[str, Any]:
        return {
            "page": page[r.id],
            "title": r.title,
            "published": r.published_at.date().isoformat() if r.published_at else None,
            "copy_of": page.get(r.duplicate_of_id) if r.duplicate_of_id else None,
            "lead": " ".join(r.text.split()[:24]),
        }

    stories = [
        {
            "story": story.id,
            "title": story.title,
            "articles": [article(r) for r in sorted(rows, key=lambda r: r.id) if r.story_id == story.id],
        }
        for story in sorted(shared.values(), key=lambda s: s.id)
    ]
    copies = []
    for r in sorted(rows, key=lambda r: r.id):
        if r.duplicate_of_id is not None:
            a, b = shingles(r.text), shingles(by_id[r.duplicate_of_id].text)
            jaccard = len(a & b) / len(a | b) if a | b else 0.0
            copies.append(
                {"copy": page[r.id], "original": page[r.duplicate_of_id], "jaccard": round(jaccard, 3)}
            )
    return {"stories": stories, "copies": copies}


def merges_text(found: dict[str, list[dict[str, Any]]]) -> str:
    """Return the stories of several articles and the near-copy links as plain text."""
    lines = [f"{len(found['stories'])} stories of several articles, {len(found['copies'])} near-copy links"]
    for story in found["stories"]:
        lines.append(f"story {story['story']} ({len(story['articles'])} articles): {story['title']}")
        for a in story["articles"]:
            copy = f" [copy of {a['copy_of']}]" if a["copy_of"] else ""
            lines.append(f"  {a['page']} {a['published'] or 'undated'}{copy}: {a['title']}")
            lines.append(f"    {a['lead']}")
    for c in found["copies"]:
        lines.append(f"copy {c['copy']} of {c['original']} (shingle Jaccard {c['jaccard']})")
    return "\n".join(lines)


def measure(eval_dir: Path, sets: list[str], keep: Path | None = None) -> dict[str, Any]:
    """Ingest the sets' pages through a local site and return the counts (the database kept at keep)."""
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
        found = merges(database_url)
        if keep is not None:
            shutil.copyfile(Path(workdir, "real.db"), keep)
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
    return {"seconds": round(seconds, 1), "flow_state": state.type.value, "sets": rows, "merges": found}


def table(result: dict[str, Any]) -> str:
    """Return the result as a plain-text table."""
    lines = [f"{'set':<20} {'served':>7} {'articles':>9} {'share':>6} {'lost':>5}  top failures"]
    for row in result["sets"]:
        top = ", ".join(f"{k}={v}" for k, v in list(row["failures"].items())[:3])
        lost = len(row["unaccounted"])
        counts = f"{row['served']:>7} {row['articles']:>9} {row['share']:>6.1%} {lost:>5}"
        lines.append(f"{row['set']:<20} {counts}  {top}")
    found = result["merges"]
    several = sum(len(s["articles"]) for s in found["stories"])
    lines.append(f"ingest flow {result['flow_state']} in {result['seconds']} s")
    lines.append(
        f"{len(found['stories'])} stories of several articles ({several} articles), "
        f"{len(found['copies'])} near-copy links (--merges lists them)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Run the measurement and print JSON, then a table."""
    parser = argparse.ArgumentParser(prog="python -m bench.real_pages", description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=Path("..", "shared", "eval"))
    parser.add_argument("--sets", default=",".join(DEFAULT_SETS), help="comma-separated set names")
    parser.add_argument("--merges", action="store_true", help="list the stories and copies formed")
    parser.add_argument("--keep", type=Path, help="keep the SQLite database at this path")
    args = parser.parse_args(argv)
    result = measure(args.eval_dir, [s for s in args.sets.split(",") if s], args.keep)
    print(json.dumps(result, indent=2))
    print(table(result))
    if args.merges:
        print(merges_text(result["merges"]))


if __name__ == "__main__":
    main()
