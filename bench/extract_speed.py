"""Speed of extract_article (extract + clean + language) beside bare trafilatura.extract, same run.

    python bench/extract_speed.py [--data DIR] [--limit N] [--repeats R]

Each page is run through both, alternately, R times; the per-page medians are summed. Times are the
process's CPU time, not wall time, so other work on a busy machine does not skew one side. Prints a
table, then JSON on the last line. The target is a time ratio of at most 1.25.
"""

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from newsingest.evaluation import default_data_dir, load_dataset
from newsingest.evaluation.dataset import load_html
from newsingest.evaluation.extractors import ours, trafilatura_no_comments

TARGET_RATIO = 1.25


def _median_seconds(
    func: Callable[[str, str | None], str], html: str, url: str | None, repeats: int
) -> float:
    times = []
    for _ in range(repeats):
        start = time.process_time()
        func(html, url)
        times.append(time.process_time() - start)
    return statistics.median(times)


def run(data_dir: Path, limit: int, repeats: int) -> dict[str, object]:
    """Return the timings of both extractors over the first limit pages of data_dir."""
    pages = [(load_html(data_dir, d.doc_id), d.url) for d in load_dataset(data_dir, limit)]
    ours(pages[0][0], pages[0][1])  # one-off imports and langdetect profiles stay out of the timing
    trafilatura_no_comments(pages[0][0], None)
    totals = {"newsingest": 0.0, "trafilatura": 0.0}
    for html, url in pages:
        # bare trafilatura gets no URL, as in the definition of the baseline
        totals["trafilatura"] += _median_seconds(trafilatura_no_comments, html, None, repeats)
        totals["newsingest"] += _median_seconds(ours, html, url, repeats)
    return {
        "pages": len(pages),
        "repeats": repeats,
        "seconds": {k: round(v, 3) for k, v in totals.items()},
        "docs_per_s": {k: round(len(pages) / v, 2) for k, v in totals.items()},
        "time_ratio": round(totals["newsingest"] / totals["trafilatura"], 3),
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
    print(f"{'extractor':<34}{'docs/s':>8}{'seconds':>9}")
    print(f"{'extract_article (extract+clean+lang)':<34}{rates['newsingest']:>8}{seconds['newsingest']:>9}")
    print(f"{'trafilatura.extract (no comments)':<34}{rates['trafilatura']:>8}{seconds['trafilatura']:>9}")
    print(f"time ratio {result['time_ratio']} (target <= {TARGET_RATIO}), {result['pages']} pages")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
