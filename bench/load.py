"""Load stage: rows/s of our upsert (load_articles) beside raw executemany, on SQLite and PostgreSQL.

    python -m bench.load --side ours|raw --database sqlite|postgresql --articles N --result-file F

Both sides get the same rows in batches of the production batch size, one transaction per batch, into
a fresh database; only the batches' transactions are timed (building the rows is not).
"""

import argparse
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.databases import DEFAULT_URL, scratch_database, sqlalchemy_url, sqlite_workdir
from bench.memory import write_result
from bench.raw_insert import PostgresInserter, SQLiteInserter
from bench.rows import RowMaker
from bench.sides import measure_sides, summarize
from bench.site import site_spec
from newsingest.contracts import ArticleRow

DATABASES = ("sqlite", "postgresql")


@contextmanager
def _database(kind: str, server_url: str) -> Iterator[str]:
    """Yield a fresh, empty database: a SQLite file path or a PostgreSQL libpq URL."""
    if kind == "sqlite":
        with sqlite_workdir("load") as workdir:
            yield str(workdir / "load.db")
    else:
        with scratch_database(server_url) as url:
            yield url


def _timed_batches(
    maker: RowMaker, total: int, batch_size: int, load: Callable[[list[ArticleRow]], Any]
) -> float:
    seconds = 0.0
    for batch in maker.batches(total, batch_size):
        started = time.perf_counter()
        load(batch)
        seconds += time.perf_counter() - started
    return seconds


def _ours(kind: str, database: str, maker: RowMaker, total: int, batch_size: int) -> tuple[float, int]:
    from sqlalchemy import func, select

    from newsingest.db.engine import make_engine
    from newsingest.db.load import load_articles
    from newsingest.db.migrate import upgrade
    from newsingest.db.models import Article

    url = f"sqlite:///{database}" if kind == "sqlite" else sqlalchemy_url(database)
    upgrade(url)
    engine = make_engine(url)

    def load(rows: list[ArticleRow]) -> None:
        with engine.begin() as conn:
            load_articles(conn, rows)

    try:
        seconds = _timed_batches(maker, total, batch_size, load)
        with engine.connect() as conn:
            return seconds, int(conn.execute(select(func.count()).select_from(Article)).scalar_one())
    finally:
        engine.dispose()


def _raw(kind: str, database: str, maker: RowMaker, total: int, batch_size: int) -> tuple[float, int]:
    inserter = SQLiteInserter(database) if kind == "sqlite" else PostgresInserter(database)
    try:
        seconds = _timed_batches(maker, total, batch_size, inserter.load)
        return seconds, inserter.count()
    finally:
        inserter.close()


def measure(n: int, seed: int, repeats: int, batch_size: int, server_url: str) -> list[dict[str, Any]]:
    """Return a row per (side, database), each run repeats times in alternating order."""
    common = ["--articles", str(n), "--seed", str(seed), "--batch-size", str(batch_size)]
    common += ["--postgres-url", server_url]
    arguments = {
        f"{side}_{kind}": ["--side", side, "--database", kind, *common]
        for kind in DATABASES
        for side in ("ours", "raw")
    }
    runs = measure_sides("bench.load", arguments, repeats)
    return [summarize(n, "load", name, "rows/s", side_runs) for name, side_runs in runs.items()]


def main(argv: list[str] | None = None) -> None:
    """Load N rows once into a fresh database and write the result."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", choices=("ours", "raw"), required=True)
    parser.add_argument("--database", choices=DATABASES, required=True)
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, required=True)
    parser.add_argument("--postgres-url", default=DEFAULT_URL)
    parser.add_argument("--result-file", type=Path, required=True)
    args = parser.parse_args(argv)
    maker = RowMaker(site_spec(args.articles, args.seed), "http://127.0.0.1")
    run = _ours if args.side == "ours" else _raw
    with _database(args.database, args.postgres_url) as database:
        seconds, stored = run(args.database, database, maker, args.articles, args.batch_size)
    write_result(args.result_file, {"processed": stored, "seconds": seconds, "batch_size": args.batch_size})


if __name__ == "__main__":
    main()
