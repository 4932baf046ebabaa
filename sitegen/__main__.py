"""`python -m sitegen serve|stats|bench`: run, describe or measure a synthetic site."""

import argparse
import asyncio
import json
import subprocess
import sys

from sitegen.loadgen import run_load
from sitegen.model import Site
from sitegen.spec import SiteSpec
from sitegen.stats import site_stats
from sitegen.workers import serve


def _spec(args: argparse.Namespace) -> SiteSpec:
    return SiteSpec(args.articles, seed=args.seed, gzip_sitemaps=args.gzip_sitemaps)


def _bench(args: argparse.Namespace) -> None:
    # The server runs in its own process(es) so the client does not share its interpreter.
    command = [
        sys.executable,
        "-m",
        "sitegen",
        "serve",
        "--articles",
        str(args.articles),
        "--seed",
        str(args.seed),
        "--workers",
        str(args.workers),
    ]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        base_url = server.stdout.readline().strip()
        view = Site(_spec(args)).view()
        step = max(1, view.total // args.paths)
        paths = [view.entry(i).path for i in range(0, view.total, step)]
        result = asyncio.run(run_load(base_url, paths, args.concurrency, args.seconds))
    finally:
        server.terminate()
        server.wait()
    report = {
        "articles": args.articles,
        "workers": args.workers,
        "concurrency": args.concurrency,
        "distinct_paths": len(paths),
        "requests": result.requests,
        "errors": result.errors,
        "seconds": round(result.seconds, 2),
        "requests_per_second": round(result.per_second),
        "mean_page_bytes": result.body_bytes // max(1, result.requests),
    }
    print(json.dumps(report))


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run it."""
    parser = argparse.ArgumentParser(prog="python -m sitegen", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("serve", "stats", "bench"):
        command = commands.add_parser(name)
        command.add_argument("--articles", type=int, default=1000)
        command.add_argument("--seed", type=int, default=0)
        command.add_argument("--gzip-sitemaps", action="store_true")
        command.add_argument("--workers", type=int, default=1)
    commands.choices["serve"].add_argument("--port", type=int, default=0)
    commands.choices["serve"].add_argument("--cache-size", type=int, default=2048)
    commands.choices["stats"].add_argument("--sample", type=int, default=100)
    bench = commands.choices["bench"]
    bench.add_argument("--concurrency", type=int, default=8)
    bench.add_argument("--seconds", type=float, default=5.0)
    bench.add_argument("--paths", type=int, default=5000, help="distinct article pages to cycle through")
    args = parser.parse_args(argv)
    if args.command == "serve":
        serve(_spec(args), args.port, args.workers, args.cache_size)
    elif args.command == "stats":
        print(json.dumps(site_stats(Site(_spec(args)), args.sample), indent=2))
    else:
        _bench(args)


if __name__ == "__main__":
    main()
