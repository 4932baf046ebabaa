"""The trafilatura step: the main text of a parsed page."""

from lxml.html import HtmlElement
from trafilatura.settings import Extractor, use_config
from trafilatura.xml import xmltotxt

from newsingest.extract import basic_cleaning, regex_xpaths
from newsingest.extract.cascade import cascade

# trafilatura's own timeout uses SIGALRM, which only works in the main thread; budgets are enforced by
# the caller instead. MIN_EXTRACTED_SIZE stays at its default so short news items are still kept.
_CONFIG = use_config()
_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
basic_cleaning.install()  # for the readability comparison's jusText step, inside trafilatura
regex_xpaths.install()  # body selection and section pruning, inside trafilatura's extraction


def _options(url: str | None, precision: bool) -> Extractor:
    return Extractor(
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
    in (~1.2 ms a page): callers read everything they need from the tree first. Tests compare the result
    with bare_extraction's.
    """
    options = _options(url, precision)
    body, text = cascade(tree, options, url)
    if len(text) < options.min_output_size:  # comments are off: there is no comment text to count
        return None
    return xmltotxt(body, options.formatting) or None
