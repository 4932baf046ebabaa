"""The cascade's page-coverage test answers as trafilatura's html2txt measure does, at every length."""

import math
from pathlib import Path

import pytest
from trafilatura import html2txt
from trafilatura.core import ESCALATION_PAGE_SHARE

from newsingest.extract.cascade import _covers_little
from newsingest.extract.page import parse_html

FIXTURES = Path(__file__).parents[1] / "fixtures"
PAGES = sorted((FIXTURES / "golden").glob("*.html")) + sorted((FIXTURES / "metadata").glob("*.html"))
# Block boundaries inside words, control characters, a page without <body>: the bound's edge cases.
ODD = [
    "<html><body><div>one<p>two</p>three</div><ul><li>a</li><li>b\x01c</li></ul>"
    "<section>\x0bword\x1cword</section><script>var x;</script></body></html>",
    "<html><head><title>t</title></head></html>",
    "<html><body>" + "<div>x</div>" * 200 + "<p>" + "word " * 300 + "</p></body></html>",
]


def _lengths(page_length: int) -> list[int]:
    edge = math.ceil(ESCALATION_PAGE_SHARE * page_length)
    return sorted({0, 1, max(0, edge - 1), edge, edge + 1, page_length})


@pytest.mark.parametrize("html", [p.read_text(encoding="utf-8") for p in PAGES] + ODD)
def test_covers_little_agrees_with_html2txt(html: str) -> None:
    tree = parse_html(html)
    page_length = len(html2txt(tree))
    for length in _lengths(page_length):
        assert _covers_little(length, tree) == (length < ESCALATION_PAGE_SHARE * page_length), length
    assert len(html2txt(tree)) == page_length  # the tree is left as it was
