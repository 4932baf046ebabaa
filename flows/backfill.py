"""Entrypoint `flows/backfill.py:backfill` for deployments run from a checkout (see docs/decisions.md)."""

from newsingest.orchestration.backfill import backfill

__all__ = ["backfill"]
