"""trafilatura's extraction cascade (trafilatura_sequence) for newsingest's options, two costs cut.

Reader comments are always off here, so the comment capture and the thread-forum salvage never run.
The pinned trafilatura range keeps the stage functions' signatures; tests compare the text with
bare_extraction's on real pages.
"""

import logging
import re
from copy import copy
from importlib import import_module
from typing import Any

from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura.core import (
    ESCALATION_ACCEPT_RATIO,
    ESCALATION_JUSTEXT_RATIO,
    ESCALATION_MAX_LENGTH,
    ESCALATION_PAGE_SHARE,
    _forum_thread_page,
    _prepare_tree,
)
from trafilatura.external import compare_extraction, justext_rescue
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.main_extractor import extract_content
from trafilatura.settings import Extractor
from trafilatura.xpaths import _COMMENTS_CLASS, _COMMENTS_ID, RAW_TREE_PRUNE_XPATH

from newsingest.extract.basic_cleaning import basic_cleaning
from newsingest.extract.regex_xpaths import REMOVE_COMMENTS, REMOVE_COMMENTS_AND_LISTS

log = logging.getLogger(__name__)
# The package exports a function named baseline, which hides the module of that name as an attribute.
_baseline = import_module("trafilatura.baseline")

# trafilatura compares every extraction with readability's and, for unclean or short ones, jusText's
# (~3.8 ms a page, 12 % of the step). On the tuning part that comparison changed the text of 3 pages
# whose own text held 1,000 to 2,500 characters (readability's was longer) and of 2 above (both
# shortened, one of them for the worse): a text of 2,500 characters or more skips it.
COMPARE_BELOW = 2500

# The raw-tree prunes select only elements whose class or id meets a regular expression or holds a
# string (an XPath walk of the whole page each, ~0.4 ms without a re:test, ~2.2 ms with). One search
# over all the page's class and id values says whether any can: the infinite-scroll and share-button
# ones never did on 200 evaluation pages, the comment one on half. MULTILINE: the values are joined by
# newlines, and "^" must hold for each.
_CLASSES_AND_IDS = XPath(".//*/@class|.//*/@id", smart_strings=False)
_NEEDS = {
    RAW_TREE_PRUNE_XPATH[0]: re.compile("mvp-post-add-(?:box|wrap)|infinite-?scroll"),
    RAW_TREE_PRUNE_XPATH[1]: re.compile("elementor-share-buttons"),
    REMOVE_COMMENTS_AND_LISTS[0]: re.compile(
        f"^(?:{_COMMENTS_ID}|disqus_thread|dsq-comments)|{_COMMENTS_CLASS}", re.MULTILINE
    ),
}


def _prune(tree: HtmlElement, xpaths: list[Any], names: str) -> HtmlElement:
    """Return prune_unwanted_nodes(tree, xpaths), skipping an expression no class or id can meet."""
    needed = [xpath for xpath in xpaths if (need := _NEEDS.get(xpath)) is None or need.search(names)]
    return prune_unwanted_nodes(tree, needed)


def _extract_and_compare(
    cleaned: HtmlElement, backup: HtmlElement, tree: HtmlElement, options: Extractor
) -> Any:
    """Stages 1-2: trafilatura's own extraction, then the comparison for texts under COMPARE_BELOW."""
    body, text = extract_content(cleaned, options)
    if len(text) >= COMPARE_BELOW:
        return body, text
    return compare_extraction(backup, copy(tree), body, text, options)


def _covers_little(text_length: int, tree: HtmlElement) -> bool:
    """Say whether text_length < ESCALATION_PAGE_SHARE * len(html2txt(tree)), measured only as needed.

    html2txt spaces block boundaries (one space before each block element's text and its tail) and drops
    control characters from those strings: spacing adds at most two characters per block element to the
    whitespace-normalised text, dropping only shortens it. Above that bound the answer is known; only
    below it are the boundaries spaced (~1.1 ms a page).
    """
    page = copy(tree)
    body = page.find(".//body")
    cleaned = basic_cleaning(page if body is None else body)
    blocks = sum(1 for _ in cleaned.iter(*_baseline._BLOCK_ELEMS))
    upper = len(" ".join(cleaned.text_content().split())) + 2 * blocks
    if text_length >= ESCALATION_PAGE_SHARE * upper:
        return False
    return text_length < ESCALATION_PAGE_SHARE * len(_baseline._spaced_text(cleaned))


def cascade(tree: HtmlElement, options: Extractor, url: str | None) -> tuple[Any, str]:
    """Return trafilatura_sequence's body element and text for tree (consumed), comments off."""
    is_forum = _forum_thread_page(tree)
    # Pruning removes elements, never changes a value: the names read before are a superset after.
    names = "\n".join(_CLASSES_AND_IDS(tree))
    tree = _prune(tree, RAW_TREE_PRUNE_XPATH, names)
    if options.focus == "precision" or not is_forum:
        tree = _prune(tree, REMOVE_COMMENTS_AND_LISTS, names)
    cleaned, backup = _prepare_tree(tree, options, url)
    if options.focus == "precision" and not is_forum:
        cleaned = prune_unwanted_nodes(cleaned, REMOVE_COMMENTS)
    body, text = _extract_and_compare(cleaned, backup, tree, options)
    # 3. rescue: the baseline on the pruned page, taken only when it adds text
    if len(text) < options.min_extracted_size and options.focus != "precision":
        baseline_body, baseline_text, baseline_length = _baseline.baseline(tree)
        if baseline_length > len(text):
            body, text = baseline_body, baseline_text
    # 4. recall escalation: a short text covering little of the page is retried in recall mode and
    # with jusText, each kept when clearly longer
    if (
        options.focus == "balanced"
        and 0 < len(text) < ESCALATION_MAX_LENGTH
        and _covers_little(len(text), tree)
    ):
        return _escalated(tree, options, url, body, text)
    return body, text


def _escalated(
    tree: HtmlElement, options: Extractor, url: str | None, body: Any, text: str
) -> tuple[Any, str]:
    recall = copy(options)  # a copy: the caller's options keep their focus
    recall.focus = "recall"
    recall_body, recall_text = None, ""
    try:
        recall_body, recall_text = _extract_and_compare(*_prepare_tree(tree, recall, url), tree, recall)
    except Exception as exc:  # as trafilatura: a failed retry leaves the text it has
        log.warning("recall retry failed: %s %s", exc, url)
    justext_body, justext_text = None, ""
    if not options.fast:
        try:
            justext_body, justext_text = justext_rescue(copy(tree), options)
        except Exception as exc:  # as trafilatura
            log.warning("justext candidate failed: %s %s", exc, url)
    length, recall_length, justext_length = len(text), len(recall_text), len(justext_text)
    if justext_length > recall_length and justext_length > ESCALATION_JUSTEXT_RATIO * length:
        return justext_body, justext_text
    if recall_length >= options.min_extracted_size and recall_length > ESCALATION_ACCEPT_RATIO * length:
        return recall_body, recall_text
    return body, text
