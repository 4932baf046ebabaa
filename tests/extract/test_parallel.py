"""extract_article gives the same articles in worker processes as in one process."""

from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from typing import Any

from tests.fixtures.regenerate import GOLDEN

from newsingest.extract import extract_article


def _extract(name: str) -> dict[str, Any] | None:
    article = extract_article(
        (GOLDEN / f"{name}.html").read_text(encoding="utf-8"), url=f"https://x.test/{name}"
    )
    return asdict(article) if article else None


def test_two_processes_match_one() -> None:
    names = sorted(p.stem for p in GOLDEN.glob("*.html")) * 2
    serial = [_extract(name) for name in names]
    with ProcessPoolExecutor(2) as pool:
        parallel = list(pool.map(_extract, names))
    assert parallel == serial
    assert all(result is not None for result in serial)
