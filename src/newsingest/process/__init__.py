"""Processing stored raw pages: decode, extract, clean, enrich and load, in batches, without network."""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsingest.process.pages import ProcessCounts, process_batch, process_pending

__all__ = ["ProcessCounts", "process_batch", "process_pending"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: the extraction worker (python -m newsingest.process.worker) imports this
    # package too, and must not pay for the loader's SQLAlchemy, NumPy and settings it never uses.
    if name in __all__:
        from newsingest.process import pages

        return getattr(pages, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
