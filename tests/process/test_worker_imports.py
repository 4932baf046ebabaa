"""The extraction worker process loads what extraction needs, not the loader, Prefect or Scrapy."""

import io
import subprocess
import sys
from pathlib import Path

from newsingest.db.bodies import compress_body
from newsingest.process.job import PageJob
from newsingest.process.messages import receive, send
from newsingest.sources.model import CleaningRules
from tests.fixtures.regenerate import GOLDEN

# Run as `python -m newsingest.process.worker` is, and list the modules loaded once stdin closes.
# The worker leaves through os._exit (no teardown, no atexit): the list is written on the way out.
WORKER = """
import os, runpy, sys
leave = os._exit
def listed_then_leave(code):
    open(sys.argv[1], "w").write("\\n".join(sorted(sys.modules)))
    leave(code)
os._exit = listed_then_leave
runpy.run_module("newsingest.process.worker", run_name="__main__", alter_sys=True)
"""
NOT_NEEDED = ("sqlalchemy", "prefect", "scrapy", "twisted", "psycopg", "numpy", "pydantic_settings")


def test_a_worker_that_extracted_a_page_never_imported_the_loader_prefect_or_scrapy(tmp_path: Path) -> None:
    html = next(iter(sorted(Path(GOLDEN).glob("*.html")))).read_bytes()
    job = PageJob(
        page_id=1,
        url="https://example.com/news/2024/01/02/a-story",
        final_url="https://example.com/news/2024/01/02/a-story",
        content_type="text/html; charset=utf-8",
        body=compress_body(html),
        hint_published_at=None,
        source="example",
        rules=CleaningRules(),
    )
    requests = io.BytesIO()
    send(requests, job)
    modules_file = tmp_path / "modules.txt"
    worker = subprocess.run(
        [sys.executable, "-c", WORKER, str(modules_file)],
        input=requests.getvalue(),
        capture_output=True,
        check=True,
    )

    replies = io.BytesIO(worker.stdout)
    assert receive(replies) == ("ready",)
    status, result = receive(replies)
    assert status == "ok" and type(result).__name__ in ("ArticleRow", "PageFailure")
    loaded = modules_file.read_text(encoding="utf-8").split()
    assert "newsingest.extract.pipeline" in loaded  # it did extract
    assert [m for m in loaded if m.split(".")[0] in NOT_NEEDED or m.startswith("newsingest.db.")] == [
        "newsingest.db.bodies",
        "newsingest.db.scrub",
    ]
