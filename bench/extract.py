"""Extract stage: docs/s of extract+clean+language through ExtractorPool beside bare trafilatura.extract.

    python -m bench.extract --side ours|bare --processes P --pages-file F --result-file R   (one measured run)

Ours is the production path: ExtractorPool worker processes fed by threads, with the source's rules.
Bare is trafilatura.extract(html, include_comments=False) in this process (P = 1) or a process pool.
Worker start-up is left out of the timing: each pool first extracts one page per process.
"""

import argparse
import multiprocessing
import os
import time
from pathlib import Path
from typing import Any

from bench.memory import write_result
from bench.sides import measure_sides, summarize
from bench.site import read_pages

BARE_CHUNK = 4  # pages per task sent to a bare pool worker: small enough to keep both cores busy


def _ours(pages: list[tuple[str, str]], processes: int) -> tuple[float, int]:
    from newsingest.config import get_settings
    from newsingest.process.bounded import ExtractorPool
    from newsingest.sources import CleaningRules

    rules = CleaningRules()
    with ExtractorPool(get_settings().extract_timeout, processes) as pool:

        def extract(page: tuple[str, str]) -> Any:
            return pool.extract(page[1], page[0], rules, None)

        pool.map(extract, pages[:processes])
        started = time.perf_counter()
        articles = pool.map(extract, pages)
        seconds = time.perf_counter() - started
    return seconds, sum(article is not None for article in articles)


def bare_extract(html: str) -> str | None:
    """Return trafilatura's text of a page, as a caller with no cleaning or metadata would get it."""
    import trafilatura

    text: str | None = trafilatura.extract(html, include_comments=False)
    return text


def _bare(pages: list[tuple[str, str]], processes: int) -> tuple[float, int]:
    htmls = [html for _, html in pages]
    if processes == 1:
        bare_extract(htmls[0])
        started = time.perf_counter()
        texts = [bare_extract(html) for html in htmls]
        return time.perf_counter() - started, sum(text is not None for text in texts)
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        pool.map(bare_extract, htmls[:processes], chunksize=1)
        started = time.perf_counter()
        texts = pool.map(bare_extract, htmls, chunksize=BARE_CHUNK)
        seconds = time.perf_counter() - started
    return seconds, sum(text is not None for text in texts)


def sides(cpus: int) -> dict[str, tuple[str, int]]:
    """Return each side's (kind, processes): ours with 1, 2 and all processes, bare with 1 and all."""
    chosen = {"ours_1": ("ours", 1), "ours_2": ("ours", 2), "bare_1": ("bare", 1), "bare_all": ("bare", cpus)}
    if cpus > 2:
        chosen["ours_all"] = ("ours", cpus)
    return chosen


def measure(
    n: int, pages_file: Path, sample: int, repeats: int, only: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """Return a row per side (or the sides named in only), each run repeats times in alternating order."""
    arguments = {
        name: ["--side", kind, "--processes", str(processes), "--pages-file", str(pages_file)]
        for name, (kind, processes) in sides(os.cpu_count() or 1).items()
        if not only or name in only
    }
    runs = measure_sides("bench.extract", arguments, repeats)
    rows = [summarize(n, "extract", name, "docs/s", side_runs) for name, side_runs in runs.items()]
    for row in rows:
        row["details"]["sample"] = sample
    return rows


def main(argv: list[str] | None = None) -> None:
    """Extract every page of the pages file once and write the result."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", choices=("ours", "bare"), required=True)
    parser.add_argument("--processes", type=int, required=True)
    parser.add_argument("--pages-file", type=Path, required=True)
    parser.add_argument("--result-file", type=Path, required=True)
    args = parser.parse_args(argv)
    pages = read_pages(args.pages_file)
    run = _ours if args.side == "ours" else _bare
    seconds, extracted = run(pages, args.processes)
    result = {
        "processed": len(pages),
        "seconds": seconds,
        "extracted": extracted,
        "processes": args.processes,
    }
    write_result(args.result_file, result)


if __name__ == "__main__":
    main()
