"""The cascade's shortcuts answer as trafilatura's own steps do: page coverage at every length, prunes."""

import math
from pathlib import Path

import pytest
from lxml import etree
from trafilatura import html2txt
from trafilatura.core import ESCALATION_PAGE_SHARE
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

from newsingest.extract.cascade import _CLASSES_AND_IDS, _NEEDS, _covers_little, _prune
from newsingest.extract.page import parse_html
from newsingest.extract.regex_xpaths import REMOVE_COMMENTS_AND_LISTS

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


PRUNED = """<html><body><div id="main"><h1>Title</h1><p>Text.</p></div>
<div class="infinite-scroll"><p>Next article</p></div><section id="mvp-post-add-box"><h1>Other</h1></section>
<div id="comments"><p>Reader comment</p></div><ul class="post-comments"><li>one</li></ul>
<div class="elementor-share-buttons x"><a>Share</a></div>
<div class="commentary">kept: commentary is not a comment</div><div id="Xcomments">kept: id not at the start</div>
</body></html>"""


def test_the_regex_each_skippable_prune_needs_is_the_one_in_its_expression() -> None:
    for xpath, need in _NEEDS.items():
        for alternative in need.pattern.split("|"):
            assert alternative.lstrip("^(?:").rstrip(")") in xpath.path


@pytest.mark.parametrize("html", [p.read_text(encoding="utf-8") for p in PAGES] + ODD + [PRUNED])
def test_prunes_leave_what_trafilaturas_prunes_leave(html: str) -> None:
    ours, theirs = parse_html(html), parse_html(html)
    names = "\n".join(_CLASSES_AND_IDS(ours))
    for xpaths, original in (
        (RAW_TREE_PRUNE_XPATH, RAW_TREE_PRUNE_XPATH),
        (REMOVE_COMMENTS_AND_LISTS, REMOVE_COMMENTS_AND_LISTS_XPATH),
    ):
        ours = _prune(ours, xpaths, names)
        theirs = prune_unwanted_nodes(theirs, original)
    assert etree.tostring(ours) == etree.tostring(theirs)
    if html == PRUNED:
        text = ours.text_content()
        assert "Next article" not in text and "Reader comment" not in text and "one" not in text
        assert (
            "Other" not in text
            and "Share" not in text
            and "commentary is not" in text
            and "id not at the start" in text
        )
