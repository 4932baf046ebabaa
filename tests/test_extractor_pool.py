"""The extractor pool: parallel worker processes give the same articles, in order, as one."""

from pathlib import Path

from newsingest.process.bounded import ExtractorPool
from tests.fixtures.regenerate import GOLDEN


def test_two_workers_extract_what_one_does_in_order() -> None:
    pages = [p.read_text(encoding="utf-8") for p in sorted(Path(GOLDEN).glob("*.html"))] * 2

    def run(size: int) -> list[tuple[str | None, str]]:
        with ExtractorPool(timeout=60, size=size) as pool:
            articles = pool.map(lambda html: pool.extract(html, None, None, None), pages)
        return [(a.title, a.text) if a else (None, "") for a in articles]

    assert run(2) == run(1)
    assert len(run(2)) == len(pages)
