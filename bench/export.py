"""Export: peak RSS and rows/s of `newsingest export` per format and database, as the row count grows.

    python -m bench.export [--sizes 100000,1000000] [--databases sqlite,postgresql] [--formats jsonl,csv]

For each size the harness bulk-inserts N articles into a scratch database (SQLite in a temporary folder,
PostgreSQL under a unique name), then runs each format's export in a child process of its own
(`python -m bench.export --child …`): the child reports its RSS high-water mark (ru_maxrss) before and
after the export, the rows and the seconds. Streaming holds one batch at a time, so the peak should
not grow with N: the growth ratios compare each format's peak at the largest size with the smallest.
Prints the JSON, a table of rows and a table of growth ratios.
"""

import argparse
import hashlib
import json
import os
import platform
import random
import resource
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.databases import DEFAULT_URL, scratch_database, sqlalchemy_url
from bench.memory import MIB, run_child, write_result
from bench.report import emit, print_table

DATABASES = ("sqlite", "postgresql")
FORMATS = ("jsonl", "csv", "parquet")
COLUMNS = (
    "n",
    "database",
    "format",
    "rows",
    "seconds",
    "rows_per_s",
    "rss_before_mib",
    "peak_rss_mib",
    "tree_peak_rss_mib",
    "output_mib",
)
GROWTH_TARGET = 1.3  # peak RSS at the largest N over the smallest: flat, give or take allocator noise
DISTINCT_TEXTS = 64  # rows reuse these texts (each made unique by a numbered last line)
INSERTED = (
    "url",
    "source",
    "title",
    "authors",
    "published_at",
    "modified_at",
    "language",
    "text",
    "word_count",
    "tags",
    "image_url",
    "site_name",
    "content_hash",
    "fingerprint",
    "extractor_version",
    "meta",
    "first_seen_at",
    "last_seen_at",
)
WORDS = [
    "council",
    "budget",
    "river",
    "library",
    "harbour",
    "storm",
    "alert",
    "farmers",
    "wheat",
    "canal",
    "drones",
    "coalition",
    "veterans",
    "training",
    "centre",
    "repairs",
    "irrigation",
    "officials",
    "residents",
    "emergency",
    "office",
    "channel",
    "telegram",
    "city",
    "renovation",
    "approves",
    "expects",
    "stronger",
    "harvest",
    "region",
    "begins",
]


def _texts(chars: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(DISTINCT_TEXTS):
        words: list[str] = []
        while sum(len(w) + 1 for w in words) < chars:
            words.append(rng.choice(WORDS))
        sentences = [" ".join(words[i : i + 12]).capitalize() + "." for i in range(0, len(words), 12)]
        paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
        texts.append("\n\n".join(paragraphs))
    return texts


def article_rows(n: int, chars: int, seed: int) -> Iterator[tuple[Any, ...]]:
    """Yield n article rows in INSERTED order, JSON columns as text."""
    texts = _texts(chars, seed)
    start = datetime(2019, 1, 1, tzinfo=UTC)
    seen = datetime.now(UTC)
    authors, tags, meta = json.dumps(["Dilan Rashid"]), json.dumps(["iraq", "drones"]), json.dumps({})
    for number in range(n):
        text = f"{texts[number % DISTINCT_TEXTS]}\n\nReference {number}."
        published = start + timedelta(minutes=3 * number)
        yield (
            f"https://bench.example/{published:%Y/%m}/article-{number}.html",
            f"source-{number % 5}",
            f"Article number {number} about the {WORDS[number % len(WORDS)]}",
            authors,
            published,
            None,
            "en",
            text,
            len(text.split()),
            tags,
            None,
            "Bench Example",
            hashlib.sha256(text.encode()).hexdigest(),
            f"{number:016x}",
            "3",
            meta,
            seen,
            seen,
        )


def _fill_sqlite(path: Path, n: int, chars: int, seed: int) -> str:
    from newsingest.db.migrate import upgrade

    url = f"sqlite:///{path}"
    upgrade(url)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA synchronous = OFF")  # scratch data: no durability needed while filling
        placeholders = ", ".join("?" for _ in INSERTED)
        statement = f"INSERT INTO articles ({', '.join(INSERTED)}) VALUES ({placeholders})"
        # UTCDateTime stores SQLite timestamps as text, 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC.
        conn.executemany(
            statement,
            (
                tuple(v.strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(v, datetime) else v for v in row)
                for row in article_rows(n, chars, seed)
            ),
        )
    return url


def _fill_postgres(url: str, n: int, chars: int, seed: int) -> str:
    import psycopg

    from newsingest.db.migrate import upgrade

    upgrade(sqlalchemy_url(url))
    with psycopg.connect(url) as conn, conn.cursor() as cursor:
        with cursor.copy(f"COPY articles ({', '.join(INSERTED)}) FROM STDIN") as copy:
            for row in article_rows(n, chars, seed):
                copy.write_row(row)
        cursor.execute("ANALYZE articles")
    return sqlalchemy_url(url)


@contextmanager
def filled_database(kind: str, n: int, chars: int, seed: int, server_url: str) -> Iterator[str]:
    """Yield the SQLAlchemy URL of a scratch database holding n articles, dropped on the way out."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="newsingest-bench-export-") as workdir:
            yield _fill_sqlite(Path(workdir, "export.db"), n, chars, seed)
    else:
        with scratch_database(server_url) as url:
            yield _fill_postgres(url, n, chars, seed)


def _high_water_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MIB, 1)  # Linux: KiB


def child(url: str, fmt: str, output: Path, result_file: Path) -> None:
    """Export every article of url as fmt into output; write rows, seconds and RSS high-water marks."""
    from newsingest.db.engine import make_engine
    from newsingest.export import ExportFilter, check_format, export_articles

    check_format(fmt)  # imports pyarrow for Parquet before the baseline, as the CLI does
    engine = make_engine(url)
    with engine.connect():
        pass  # the driver and the pool in place before the baseline
    before = _high_water_mib()
    started = time.perf_counter()
    result = export_articles(engine, ExportFilter(), fmt, output)
    seconds = time.perf_counter() - started
    write_result(
        result_file,
        {
            "rows": result.rows,
            "seconds": round(seconds, 3),
            "rss_before_mib": before,
            "peak_rss_mib": _high_water_mib(),
            "output_mib": round(output.stat().st_size / MIB, 1),
        },
    )


def measure(
    n: int, kind: str, formats: list[str], chars: int, seed: int, server_url: str
) -> list[dict[str, Any]]:
    """Return one row per format: the export of n articles from a fresh database of kind."""
    rows = []
    with filled_database(kind, n, chars, seed, server_url) as url, tempfile.TemporaryDirectory() as out:
        for fmt in formats:
            output = Path(out, f"articles.{fmt}")
            measured = run_child("bench.export", ["--child", url, fmt, str(output)])
            output.unlink(missing_ok=True)
            result = measured.result
            rows.append(
                {
                    "n": n,
                    "database": kind,
                    "format": fmt,
                    "rows": result["rows"],
                    "seconds": result["seconds"],
                    "rows_per_s": round(result["rows"] / result["seconds"]) if result["seconds"] else 0,
                    "rss_before_mib": result["rss_before_mib"],
                    "peak_rss_mib": result["peak_rss_mib"],
                    "tree_peak_rss_mib": measured.peak_rss_mib,
                    "output_mib": result["output_mib"],
                }
            )
    return rows


def growth(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return, per database and format, the peak RSS at the largest N over the smallest, with a verdict."""
    ratios = []
    for kind in dict.fromkeys(row["database"] for row in rows):
        for fmt in dict.fromkeys(row["format"] for row in rows):
            sized = sorted(
                (r for r in rows if r["database"] == kind and r["format"] == fmt), key=lambda r: r["n"]
            )
            if len(sized) < 2:
                continue
            small, large = sized[0], sized[-1]
            value = round(large["peak_rss_mib"] / small["peak_rss_mib"], 3)
            ratios.append(
                {
                    "database": kind,
                    "format": fmt,
                    "n": f"{small['n']} -> {large['n']}",
                    "peak_rss_mib": f"{small['peak_rss_mib']} -> {large['peak_rss_mib']}",
                    "growth": value,
                    "target": GROWTH_TARGET,
                    "verdict": "pass" if value <= GROWTH_TARGET else "miss",
                }
            )
    return ratios


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.export", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="100000,1000000", help="comma-separated N (default 100000,1000000)"
    )
    parser.add_argument("--databases", default=",".join(DATABASES), help="sqlite, postgresql or both")
    parser.add_argument(
        "--formats", default=",".join(FORMATS), help="comma-separated subset of jsonl,csv,parquet"
    )
    parser.add_argument("--text-chars", type=int, default=2000, help="characters of each article's text")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres-url", default=DEFAULT_URL, help="server of the scratch databases")
    parser.add_argument("--out", type=Path, default=None, help="also write the JSON to OUT/export.json")
    parser.add_argument("--child", nargs=3, metavar=("URL", "FORMAT", "OUTPUT"), help=argparse.SUPPRESS)
    parser.add_argument("--result-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.sizes = [int(size) for size in args.sizes.split(",")]
    args.databases = [d for d in args.databases.split(",") if d]
    args.formats = [f for f in args.formats.split(",") if f]
    if set(args.databases) - set(DATABASES) or set(args.formats) - set(FORMATS):
        parser.error("unknown database or format")
    return args


def main(argv: list[str] | None = None) -> None:
    """Measure every format on every database at every size; print the JSON and the tables."""
    args = _parse(argv)
    if args.child:
        url, fmt, output = args.child
        child(url, fmt, Path(output), args.result_file)
        return
    started, load_before = time.perf_counter(), os.getloadavg()
    rows: list[dict[str, Any]] = []
    for n in args.sizes:
        for kind in args.databases:
            rows += measure(n, kind, args.formats, args.text_chars, args.seed, args.postgres_url)
    ratios = growth(rows)
    document = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - started, 1),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
        "config": {
            k: v for k, v in vars(args).items() if k not in ("postgres_url", "child", "result_file", "out")
        },
        "growth": ratios,
    }
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "export.json").write_text(
            json.dumps({"rows": rows, **document}, indent=2), encoding="utf-8"
        )
    emit("export", rows, document, COLUMNS)
    print_table("peak RSS growth, largest N vs smallest", ratios)


if __name__ == "__main__":
    main()
