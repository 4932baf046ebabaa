"""The plain loops `newsingest run` is measured against: feed -> fetch -> trafilatura -> SQLite.

    python -m bench.bare_loops --feed URL --database FILE --processes 1|2 [--writer parent|each]

Reads the RSS feed, fetches each linked page with urllib, extracts it with
`trafilatura.extract(html, include_comments=False)` and inserts url, title and text into a plain SQLite
table. With 2 processes the pages are shared out to a pool of two (fetch + extract in each): `parent`
writes every row in the parent process, `each` has each process write its own half to the same file.
The title is the page's <title>, not trafilatura's metadata, so the loop pays for nothing but the body.
"""

import argparse
import html
import multiprocessing
import re
import sqlite3
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

# Imported before the pool forks: its processes start with trafilatura loaded, as the fastest loop would.
import trafilatura

TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS articles (id INTEGER PRIMARY KEY, url TEXT UNIQUE, title TEXT, text TEXT)"
)
INSERT = "INSERT OR REPLACE INTO articles (url, title, text) VALUES (?, ?, ?)"
COMMIT_EVERY = 100
Row = tuple[str, str | None, str]


def feed_links(feed_url: str) -> list[str]:
    """Return the links of an RSS 2.0 feed's items."""
    with urllib.request.urlopen(feed_url, timeout=30) as response:
        root = ET.fromstring(response.read())
    return [link.strip() for item in root.iter("item") if (link := item.findtext("link"))]


def fetch_and_extract(url: str) -> Row | None:
    """Return (url, title, text) of the page at url, None when trafilatura finds no text."""
    with urllib.request.urlopen(url, timeout=30) as response:
        page = response.read()
    text = trafilatura.extract(page, include_comments=False)
    if not text:
        return None
    found = TITLE.search(page)
    title = html.unescape(found.group(1).decode("utf-8", "replace")).strip() if found else None
    return url, title, text


def _connect(database: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(database, timeout=60)
    connection.execute("PRAGMA journal_mode=WAL")  # two writers in the `each` mode wait less
    connection.execute(SCHEMA)
    return connection


def store(database: Path, rows: Iterable[Row | None]) -> int:
    """Insert rows as they come, committing every COMMIT_EVERY; return the rows stored."""
    stored = 0
    with _connect(database) as connection:
        for row in rows:
            if row is None:
                continue
            connection.execute(INSERT, row)
            stored += 1
            if stored % COMMIT_EVERY == 0:
                connection.commit()
    connection.close()
    return stored


def _half(job: tuple[Path, list[str]]) -> int:
    database, urls = job
    return store(database, map(fetch_and_extract, urls))


def run(feed_url: str, database: Path, processes: int, writer: str = "parent") -> dict[str, int]:
    """Run the loop; return the pages listed and the articles stored."""
    urls = feed_links(feed_url)
    if processes == 1:
        stored = store(database, map(fetch_and_extract, urls))
    elif writer == "parent":
        with multiprocessing.Pool(processes) as pool:
            stored = store(database, pool.imap_unordered(fetch_and_extract, urls, chunksize=4))
    else:
        _connect(database).close()  # the table exists before either process writes
        with multiprocessing.Pool(processes) as pool:
            stored = sum(pool.map(_half, [(database, urls[i::processes]) for i in range(processes)]))
    return {"listed": len(urls), "stored": stored}


def main(argv: list[str] | None = None) -> None:
    """Run one loop and print its counts as JSON."""
    import json

    parser = argparse.ArgumentParser(prog="python -m bench.bare_loops", description=__doc__.splitlines()[0])
    parser.add_argument("--feed", required=True, help="URL of the RSS feed")
    parser.add_argument("--database", type=Path, required=True, help="SQLite file (created)")
    parser.add_argument("--processes", type=int, choices=(1, 2), default=1)
    parser.add_argument("--writer", choices=("parent", "each"), default="parent")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.feed, args.database, args.processes, args.writer)))


if __name__ == "__main__":
    main()
