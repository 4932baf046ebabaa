"""Incremental cost: a source's first ingest vs a second run with nothing new, on one synthetic site.

    python -m bench.incremental --articles 10000

Both runs use the same ingest flow, database (SQLite in a temporary folder) and site in the same
process run; the ratio of their times and requests is what this measures.
"""

import argparse
import os
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bench.report import emit


def _run(source_file: Path, site: Any) -> dict[str, Any]:
    from newsingest.orchestration.ingest import ingest

    site.clear_log()
    started = time.perf_counter()
    [summary] = ingest(sources=["synthetic"], sources_file=str(source_file), kind="manual")
    seconds = time.perf_counter() - started
    rows = site.log.rows()
    return {
        "seconds": round(seconds, 2),
        "requests": len(rows),
        "article_requests": len(site.article_fetches()),
        "new": summary["new"] + summary["duplicates"],
        "not_modified": summary["not_modified"],
    }


def main() -> None:
    """Run the benchmark and print JSON and a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="newsingest-bench-"))
    os.environ["NEWSINGEST_DATABASE_URL"] = f"sqlite:///{workdir}/bench.db"
    os.environ.setdefault("NEWSINGEST_LOG_LEVEL", "WARNING")
    from newsingest.db.migrate import upgrade
    from newsingest.prefect_env import apply_prefect_defaults
    from sitegen import SiteSpec, SyntheticSite
    from sitegen.source import synthetic_source

    apply_prefect_defaults()
    upgrade(os.environ["NEWSINGEST_DATABASE_URL"])
    spec = SiteSpec(args.articles, seed=args.seed, start=date(2019, 1, 1), end=date(2022, 12, 31))
    with SyntheticSite(spec, cache_size=0) as site:
        source = synthetic_source(site.base_url, max_pages=args.articles * 2)
        source_file = workdir / "sources.yaml"
        document = {"sources": [source.model_dump(mode="json")]}
        source_file.write_text(yaml.safe_dump(document), encoding="utf-8")
        first = _run(source_file, site)
        second = _run(source_file, site)
    rows = [{"run": "first (empty database)", **first}, {"run": "second (nothing new)", **second}]
    emit(
        "incremental",
        rows,
        {
            "articles": args.articles,
            "time_ratio": round(second["seconds"] / first["seconds"], 4),
            "request_ratio": round(second["requests"] / first["requests"], 4),
        },
    )


if __name__ == "__main__":
    main()
