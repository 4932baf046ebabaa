"""A loader process for fault tests: `python -m tests.faults.loader SOURCES_FILE SLUG [--slow]`.

Processes the source's stored pages against NEWSINGEST_DATABASE_URL, as the flow's process task does.
"""

import sys
import time
from pathlib import Path
from typing import Any

from newsingest.db.engine import get_engine
from newsingest.process import pages, process_pending
from newsingest.sources import load_sources, select_sources

BATCH_SIZE = 4


def main(argv: list[str]) -> int:
    """Process the pages; with --slow, every batch holds its transaction open for a second."""
    [source] = select_sources(load_sources(Path(argv[0])), [argv[1]])
    if "--slow" in argv:
        original = pages.load_articles

        def slow_load(conn: Any, rows: Any) -> Any:
            counts = original(conn, rows)
            time.sleep(1.0)  # the transaction is open: a kill now loses the whole batch, nothing else
            return counts

        pages.load_articles = slow_load  # type: ignore[assignment]
    counts = process_pending(get_engine(), source, None, batch_size=BATCH_SIZE)
    print(counts.as_dict(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
