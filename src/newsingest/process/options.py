"""How stored pages are processed: read from the settings at the edge (a flow, a command), passed down."""

from dataclasses import dataclass
from typing import Any

from newsingest.config import Settings


def _default(name: str) -> Any:
    """Return the settings' default of name (not the environment's value)."""
    return Settings.model_fields[name].default


@dataclass(frozen=True, slots=True)
class ProcessOptions:
    """Batch size, extraction budget and workers, database retries; the defaults are the settings' own."""

    batch_size: int = _default("process_batch_size")  # pages extracted and loaded per transaction
    extract_timeout: float = _default("extract_timeout")  # seconds one page's extraction may take
    extract_workers: int = _default("extract_workers")  # worker processes extracting in parallel
    db_retries: int = _default("db_retries")  # retries of a batch's transaction on a lost connection
    db_retry_backoff: float = _default("db_retry_backoff")  # first retry delay (s); doubles each retry

    @classmethod
    def from_settings(cls, settings: Settings) -> "ProcessOptions":
        """Return the options settings give."""
        return cls(
            batch_size=settings.process_batch_size,
            extract_timeout=settings.extract_timeout,
            extract_workers=settings.extract_workers,
            db_retries=settings.db_retries,
            db_retry_backoff=settings.db_retry_backoff,
        )
