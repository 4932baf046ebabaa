"""The crawl subprocess starts for every crawl: it must not load the extraction stack it never uses."""

import subprocess
import sys


def test_the_crawl_subprocess_does_not_import_extraction() -> None:
    heavy = ("trafilatura", "langdetect", "htmldate", "prefect")
    code = (
        "import sys, newsingest.crawl.main; "
        f"print(','.join(name for name in {heavy!r} if name in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == ""
