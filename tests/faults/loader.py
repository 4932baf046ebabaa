"""A loader process for fault tests: `python -m tests.faults.loader SOURCES_FILE SLUG [--hold MARKER]`.

Processes the source's stored pages against NEWSINGEST_DATABASE_URL, as the flow's process task does.
"""

import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from newsingest.config import get_settings
from newsingest.db.engine import get_engine
from newsingest.process import pages, process_pending
from newsingest.process.options import ProcessOptions
from newsingest.sources import load_sources, select_sources

BATCH_SIZE = 4


def main(argv: list[str]) -> int:
    """Process the pages; with --hold MARKER, the second batch writes MARKER and waits inside its transaction."""
    [source] = select_sources(load_sources(Path(argv[0])), [argv[1]])
    if "--hold" in argv:
        marker = Path(argv[argv.index("--hold") + 1])
        original = pages.load_articles
        batches: list[int] = []

        def holding_load(conn: Any, rows: Any) -> Any:
            counts = original(conn, rows)
            batches.append(1)
            if len(batches) == 2:
                marker.write_text("second batch in its transaction")
                time.sleep(600)  # the test kills the process here: the whole batch must be lost, nothing else
            return counts

        pages.load_articles = holding_load  # type: ignore[assignment]
    options = replace(ProcessOptions.from_settings(get_settings()), batch_size=BATCH_SIZE)
    counts = process_pending(get_engine(), source, None, options)
    print(counts.as_dict(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
