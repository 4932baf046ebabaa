"""CPU per article of the extraction job and of extract_article beside bare trafilatura.extract, same run.

    python bench/extract_speed.py [--data DIR] [--limit N] [--repeats R]

Each page goes through bare trafilatura.extract(html, include_comments=False), extract_article (extract,
clean, metadata, language) and the whole job a worker runs on a stored page (decompress, decode, guards,
extract_article, hashes, loader row), alternately, R times; the per-page medians are summed. Times are
the process's CPU time, not wall time, so other work on a busy machine does not skew one side. Prints a
table, then JSON on the last line. The target: the job costs at most bare trafilatura's CPU (ratio 1.0).
"""

import argparse
import gzip
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from newsingest.db.bodies import compress_body
from newsingest.evaluation import default_data_dir, load_dataset
from newsingest.evaluation.dataset import decode_html
from newsingest.evaluation.extractors import ours, trafilatura_no_comments
from newsingest.process.job import PageJob, run_job
from newsingest.sources.model import CleaningRules

TARGET_RATIO = 1.0  # the job's CPU over bare trafilatura's


def _median_seconds(func: Callable[..., object], args: tuple[object, ...], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.process_time()
        func(*args)
        times.append(time.process_time() - start)
    return statistics.median(times)


def _raw(data_dir: Path, doc_id: str) -> bytes:
    path = data_dir / "html" / f"{doc_id}.html.gz"
    if path.exists():
        with gzip.open(path, "rb") as f:
            return f.read()
    return (data_dir / "html" / f"{doc_id}.html").read_bytes()


def _job(number: int, raw: bytes, url: str | None) -> PageJob:
    """Return the job of the page as the crawl stores it: the body compressed, the URL it came from."""
    page_url = url or f"https://eval.invalid/{number}"
    return PageJob(
        page_id=number,
        url=page_url,
        final_url=page_url,
        content_type="text/html",
        body=compress_body(raw),
        hint_published_at=None,
        source="eval",
        rules=CleaningRules(),
    )


def run(data_dir: Path, limit: int, repeats: int) -> dict[str, object]:
    """Return the timings of bare trafilatura, extract_article and the job over the first limit pages."""
    docs = load_dataset(data_dir, limit)
    raws = [_raw(data_dir, d.doc_id) for d in docs]
    pages = [
        (decode_html(raw), d.url, _job(n, raw, d.url))
        for n, (d, raw) in enumerate(zip(docs, raws, strict=True))
    ]
    ours(pages[0][0], pages[0][1])  # one-off imports and langdetect profiles stay out of the timing
    run_job(pages[0][2])
    trafilatura_no_comments(pages[0][0], None)
    totals = {"newsingest": 0.0, "job": 0.0, "trafilatura": 0.0}
    for html, url, job in pages:
        # bare trafilatura gets no URL, as in the definition of the baseline
        totals["trafilatura"] += _median_seconds(trafilatura_no_comments, (html, None), repeats)
        totals["newsingest"] += _median_seconds(ours, (html, url), repeats)
        totals["job"] += _median_seconds(run_job, (job,), repeats)
    return {
        "pages": len(pages),
        "repeats": repeats,
        "seconds": {k: round(v, 3) for k, v in totals.items()},
        "docs_per_s": {k: round(len(pages) / v, 2) for k, v in totals.items()},
        "ms_per_page": {k: round(v / len(pages) * 1000, 2) for k, v in totals.items()},
        "time_ratio": round(totals["newsingest"] / totals["trafilatura"], 3),
        "job_ratio": round(totals["job"] / totals["trafilatura"], 3),
        "target_ratio": TARGET_RATIO,
    }


def main(argv: list[str] | None = None) -> int:
    """Print the table and the JSON summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    result = run(args.data or default_data_dir(), args.limit, args.repeats)
    seconds, rates = result["seconds"], result["docs_per_s"]
    assert isinstance(seconds, dict) and isinstance(rates, dict)
    rows = (
        ("job (decompress..extract..hashes)", "job"),
        ("extract_article", "newsingest"),
        ("trafilatura.extract (no comments)", "trafilatura"),
    )
    print(f"{'step':<36}{'docs/s':>8}{'seconds':>9}")
    for label, key in rows:
        print(f"{label:<36}{rates[key]:>8}{seconds[key]:>9}")
    print(
        f"job ratio {result['job_ratio']} (target <= {TARGET_RATIO}), "
        f"extract_article ratio {result['time_ratio']}, {result['pages']} pages"
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
