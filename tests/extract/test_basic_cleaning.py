"""The faster basic cleaning and page parsing leave exactly the trees trafilatura's own steps leave."""

import re
from copy import copy
from pathlib import Path

import pytest
from lxml import etree
from trafilatura.settings import _COOKIE_CONSENT_RE
from trafilatura.utils import load_html

from newsingest.extract import basic_cleaning
from newsingest.extract.page import parse_html, parsed_here

FIXTURES = Path(__file__).parents[1] / "fixtures"
PAGES = sorted((FIXTURES / "golden").glob("*.html")) + sorted((FIXTURES / "metadata").glob("*.html"))
BANNERS = """<html><body><div id="main"><p>Article text that stays.</p>
<div class="Cookie-Banner">Accept all</div>tail one
<aside>Related</aside>tail two<div class="site-footer">Imprint</div><div class="FOOTER">kept: contains() is case-sensitive</div>
<section id="CMPLZ-cookiebanner"><div class="cookie_notice">nested</div></section>
<div class="coo\u212aie-bar">Kelvin sign</div><div class="con\u017fent-banner">long s</div>
<div class="cookıe-policy">dotless i</div><div class="notice__cookie">x</div>
<div class="content">stays</div><div class="cookies-not-set">stays too</div>
<script>var x = 1;</script><style>p {}</style><svg><text>icon</text></svg>
</div></body></html>"""


def _trafilatura_cleaned(tree: etree._Element) -> bytes:
    return etree.tostring(basic_cleaning._original(copy(tree)))


def _ours_cleaned(tree: etree._Element) -> bytes:
    return etree.tostring(basic_cleaning.basic_cleaning(copy(tree)))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_basic_cleaning_removes_what_trafilatura_removes(page: Path) -> None:
    tree = parse_html(page.read_text(encoding="utf-8"))
    assert _ours_cleaned(tree) == _trafilatura_cleaned(tree)


def test_banner_classes_in_any_case_and_unusual_letters_are_removed_alike() -> None:
    tree = parse_html(BANNERS)
    cleaned = _ours_cleaned(tree)
    assert cleaned == _trafilatura_cleaned(tree)
    for removed in (
        b"Accept all",
        b"Kelvin sign",
        b"long s",
        b"dotless i",
        b"nested",
        b"Imprint",
        b"Related",
    ):
        assert removed not in cleaned
    for kept in (b"stays", b"stays too", b"tail one", b"tail two", b"case-sensitive"):
        assert kept in cleaned


def test_every_letter_ignorecase_maps_to_ascii_without_lowercasing_to_it_is_checked() -> None:
    # The lowercase shortcut is exact only if _FOLDED_APART lists every such letter.
    ascii_letter = re.compile("[a-z]", re.IGNORECASE)
    apart = {
        chr(code)
        for code in range(0x80, 0x110000)
        if not 0xD800 <= code <= 0xDFFF
        and ascii_letter.fullmatch(chr(code))
        and not re.fullmatch("[a-z]", chr(code).lower())
    }
    assert apart == set(basic_cleaning._FOLDED_APART)
    assert re.compile(_COOKIE_CONSENT_RE).pattern == _COOKIE_CONSENT_RE.lower()


def test_trees_of_other_parsers_keep_trafilaturas_cleaning() -> None:
    theirs = load_html(BANNERS)
    ours = parse_html(BANNERS)
    assert not parsed_here(theirs)
    assert parsed_here(ours) and parsed_here(copy(ours)) and parsed_here(copy(ours).find(".//body"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_parse_html_builds_trafilaturas_tree(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert etree.tostring(parse_html(html)) == etree.tostring(load_html(html))


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><p>Short.</p></body></html>",
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>Declared.</p></body></html>',
        "<!DOCTYPE html><html/>\n<body><p>Self-closed html.</p></body>",
        "<html><body><p>Bytes é.</p></body></html>".encode(),
    ],
)
def test_parse_html_matches_trafilatura_on_odd_inputs(html: str | bytes) -> None:
    assert etree.tostring(parse_html(html)) == etree.tostring(load_html(html))
