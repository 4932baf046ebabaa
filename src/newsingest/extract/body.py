"""The trafilatura step: the main text of a parsed page."""

from copy import copy
from typing import Any

import trafilatura.core as _core
from lxml.html import HtmlElement
from trafilatura.core import trafilatura_sequence
from trafilatura.external import compare_extraction
from trafilatura.main_extractor import extract_content
from trafilatura.settings import Extractor, use_config
from trafilatura.xml import xmltotxt

from newsingest.extract import basic_cleaning

# trafilatura's own timeout uses SIGALRM, which only works in the main thread; budgets are enforced by
# the caller instead. MIN_EXTRACTED_SIZE stays at its default so short news items are still kept.
_CONFIG = use_config()
_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")


# trafilatura compares every extraction with readability's and, for unclean or short ones, jusText's
# (~3.8 ms a page, 12 % of the step). On the tuning part that comparison changed the text of 3 pages
# whose own text held 1,000 to 2,500 characters (readability's was longer) and of 2 above (both
# shortened, one of them for the worse): a text of 2,500 characters or more skips it.
COMPARE_BELOW = 2500


class _GatedExtractor(Extractor):
    """trafilatura options that mark newsingest's calls: the external comparison only for short texts."""

    __slots__ = ()


_sequence_step = _core._extract_and_compare


def _extract_and_compare(
    cleaned_tree: Any, cleaned_tree_backup: Any, tree: Any, options: Extractor
) -> tuple[Any, str]:
    """trafilatura's stages 1-2 (own extraction, then the comparison), the comparison gated for our calls.

    Other callers in the process (the evaluation's plain trafilatura runs) get trafilatura's own step.
    """
    if not isinstance(options, _GatedExtractor) or options.fast:
        return _sequence_step(cleaned_tree, cleaned_tree_backup, tree, options)
    body, text = extract_content(cleaned_tree, options)
    if len(text) >= COMPARE_BELOW:
        return body, text
    return compare_extraction(cleaned_tree_backup, copy(tree), body, text, options)


# trafilatura_sequence looks the step up in its module at each call; the pinned range keeps its signature
# (tests/extract/test_body_step.py compares our text with bare_extraction's).
_core._extract_and_compare = _extract_and_compare
basic_cleaning.install()


def _options(url: str | None, precision: bool) -> Extractor:
    return _GatedExtractor(
        config=_CONFIG,
        output_format="python",
        precision=precision,
        comments=False,  # reader comments are not the article
        tables=True,
        images=False,
        dedup=False,
        url=url,
        # Metadata comes from the page's declarations and cheap fallbacks (fallbacks.py): trafilatura's
        # own pass runs an extensive htmldate search that costs more than the body extraction.
        with_metadata=False,
    )


def extract_body(tree: HtmlElement, url: str | None, *, precision: bool = False) -> str | None:
    """Return trafilatura's main text of tree, or None; the tree is consumed (trafilatura prunes it).

    This is trafilatura.bare_extraction's body path without its first step, a deep copy of a tree passed
    in (~1.2 ms a page): callers read everything they need from the tree first. The pinned trafilatura
    range keeps the sequence's signature; tests compare the result with bare_extraction's.
    """
    options = _options(url, precision)
    body, text, _, comments = trafilatura_sequence(tree, options, url)
    if len(text) < options.min_output_size and len(comments) < options.min_output_comm_size:
        return None
    return xmltotxt(body, options.formatting) or None
