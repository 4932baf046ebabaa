"""`python -m bench`: crawl, extract, load and end-to-end throughput and peak RSS, each beside its baseline.

    python -m bench --sizes 1000,10000 --repeats 3 --out bench/results [--stages crawl,extract,load,e2e]

Prints the JSON and a table of rows and of target ratios; writes OUT/latest.json and OUT/chart.png.
"""

import argparse
import compileall
import json
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import chart, crawl, e2e, extract, load
from bench.databases import DEFAULT_URL
from bench.ratios import compute_ratios
from bench.report import emit, print_table
from bench.sides import COLUMNS
from bench.site import served_site, server_rate, site_spec, write_pages

STAGES = ("crawl", "extract", "load", "e2e")
# Crawl and e2e runs take minutes at large N; at small N one noisy run would decide the ratio alone.
SMALL_N, SMALL_REPEATS = 1000, 3


def _parse(argv: list[str] | None) -> argparse.Namespace:
    from newsingest.config import get_settings

    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated N (default 1000,10000)")
    parser.add_argument(
        "--stages", default=",".join(STAGES), help="comma-separated subset of " + ",".join(STAGES)
    )
    parser.add_argument("--repeats", type=int, default=3, help="runs per side of extract and load (median)")
    parser.add_argument(
        "--slow-repeats",
        type=int,
        default=None,
        help=f"runs per side of crawl and e2e (median; default {SMALL_REPEATS} up to N={SMALL_N:,}, then 1)",
    )
    parser.add_argument(
        "--extract-sample", type=int, default=1000, help="pages extracted at most (spread over N)"
    )
    parser.add_argument(
        "--batch-size", type=int, default=get_settings().process_batch_size, help="rows per load transaction"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--postgres-url", default=DEFAULT_URL, help="server for the load stage's scratch databases"
    )
    parser.add_argument(
        "--server-seconds", type=float, default=3.0, help="seconds of the server's own speed test"
    )
    parser.add_argument("--out", type=Path, default=Path("bench/results"))
    args = parser.parse_args(argv)
    args.sizes = [int(size) for size in args.sizes.split(",")]
    args.stages = [stage for stage in args.stages.split(",") if stage]
    unknown = set(args.stages) - set(STAGES)
    if unknown:
        parser.error(f"unknown stages: {', '.join(sorted(unknown))}")
    return args


def _byte_compile() -> None:
    """Write the .pyc files of newsingest, sitegen and bench now, so no measured child compiles them."""
    # With PYTHONDONTWRITEBYTECODE set (as in some shells and CI) every child would compile them again, a
    # start-up cost an installed package does not have and bare Scrapy or trafilatura never pay.
    import newsingest
    import sitegen

    for package in (Path(newsingest.__file__).parent, Path(sitegen.__file__).parent, Path(__file__).parent):
        compileall.compile_dir(package, quiet=1)


def _say(message: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def _measure_size(
    n: int, args: argparse.Namespace, workdir: Path
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    spec = site_spec(n, args.seed)
    slow_repeats = args.slow_repeats or (SMALL_REPEATS if n <= SMALL_N else 1)
    with served_site(n, args.seed) as base_url:
        server = {"n": n, "article_requests_per_s": server_rate(spec, base_url, args.server_seconds)}
        _say(f"N={n}: site at {base_url} answers {server['article_requests_per_s']} article pages/s")
        if "crawl" in args.stages:
            _say(f"N={n}: crawl")
            rows += crawl.measure(n, base_url, slow_repeats)
        pages_file, sample = workdir / f"pages-{n}.jsonl", min(n, args.extract_sample)
        if "extract" in args.stages or "e2e" in args.stages:
            write_pages(spec, base_url, sample, pages_file)
        if "extract" in args.stages:
            _say(f"N={n}: extract ({sample} pages)")
            rows += extract.measure(n, pages_file, sample, args.repeats)
        if "load" in args.stages:
            _say(f"N={n}: load")
            rows += load.measure(n, args.seed, args.repeats, args.batch_size, args.postgres_url)
        if "e2e" in args.stages:
            _say(f"N={n}: e2e")
            rows += e2e.measure(n, base_url, slow_repeats)
            if "extract" not in args.stages:  # the e2e target's baseline
                rows += extract.measure(n, pages_file, sample, args.repeats, only=("bare_all",))
    return rows, server


def main(argv: list[str] | None = None) -> int:
    """Run the selected stages at every size, print the results and write them to --out."""
    args = _parse(argv)
    # Scrapy's per-page INFO lines would cost both crawl sides time and fill the output.
    os.environ.setdefault("NEWSINGEST_LOG_LEVEL", "WARNING")
    # A crawl of 100,000 pages on a busy machine can outlast the production limit of an hour.
    os.environ.setdefault("NEWSINGEST_CRAWL_TIMEOUT", str(6 * 3600))
    _byte_compile()
    started, load_before = time.perf_counter(), os.getloadavg()
    rows: list[dict[str, Any]] = []
    servers = []
    with tempfile.TemporaryDirectory(prefix="newsingest-bench-") as workdir:
        for n in args.sizes:
            size_rows, server = _measure_size(n, args, Path(workdir))
            rows += size_rows
            servers.append(server)
    ratios = compute_ratios(rows)
    document = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - started, 1),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            # Load from other processes, before and after: a busy machine moves rates, less so ratios.
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
        "config": {
            k: v if not isinstance(v, Path) else str(v) for k, v in vars(args).items() if k != "postgres_url"
        },
        "servers": servers,
        "ratios": ratios,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    emit("newsingest", rows, document, COLUMNS)
    print_table("target ratios", ratios)
    print_table("benchmark site (its own speed, fresh article pages)", servers)
    (args.out / "latest.json").write_text(
        json.dumps({"benchmark": "newsingest", "rows": rows, **document}, indent=2, default=str),
        encoding="utf-8",
    )
    chart.draw(rows, args.out / "chart.png")
    _say(f"wrote {args.out / 'latest.json'} and {args.out / 'chart.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
