"""Entrypoint `flows/ingest.py:ingest` for deployments run from a checkout.

The flow itself lives in the installed package (newsingest.orchestration.ingest) so that an installed
newsingest runs `newsingest demo` and `newsingest run` without this folder; see docs/decisions.md.
"""

from newsingest.orchestration.ingest import ingest

__all__ = ["ingest"]
