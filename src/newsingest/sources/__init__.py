"""Sources: which outlets to ingest and how, declared as data in sources.yaml."""

from newsingest.sources.loader import load_sources, select_sources
from newsingest.sources.model import CleaningRules, Listing, Source

__all__ = ["CleaningRules", "Listing", "Source", "load_sources", "select_sources"]
