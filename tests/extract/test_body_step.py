"""The body step runs trafilatura's extraction sequence on our tree, as bare_extraction would on the page."""

from pathlib import Path

import pytest
from trafilatura import bare_extraction

from newsingest.extract.body import _CONFIG, extract_body
from newsingest.extract.page import parse_html

GOLDEN = Path(__file__).parents[1] / "fixtures" / "golden"
PAGES = sorted(GOLDEN.glob("*.html")) + sorted((GOLDEN.parent / "metadata").glob("*.html"))


TINY = ["<html><body><p>Too short.</p></body></html>", "<html><body><nav>Home</nav></body></html>"]


def _bare_text(html: str) -> str | None:
    document = bare_extraction(html, include_comments=False, with_metadata=False, config=_CONFIG)
    return (document.text if document is not None else None) or None


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_body_step_matches_bare_extraction(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert extract_body(parse_html(html), None) == _bare_text(html)


@pytest.mark.parametrize("html", TINY)
def test_body_step_matches_bare_extraction_on_tiny_pages(html: str) -> None:
    assert extract_body(parse_html(html), None) == _bare_text(html)
