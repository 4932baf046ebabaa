"""Sources: which outlets to ingest and how, declared as data in sources.yaml."""

from newsingest.sources.loader import example_mismatches, load_sources, select_sources
from newsingest.sources.model import CleaningRules, Examples, Listing, RunChecks, Source

__all__ = [
    "CleaningRules",
    "Examples",
    "Listing",
    "RunChecks",
    "Source",
    "example_mismatches",
    "load_sources",
    "select_sources",
]
