"""Processing stored raw pages: decode, extract, clean, enrich and load, in batches, without network."""

from newsingest.process.pages import ProcessCounts, process_batch, process_pending

__all__ = ["ProcessCounts", "process_batch", "process_pending"]
