"""Entrypoint `flows/reprocess.py:reprocess` for deployments run from a checkout (see docs/decisions.md)."""

from newsingest.orchestration.reprocess import reprocess

__all__ = ["reprocess"]
