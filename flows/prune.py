"""Entrypoint `flows/prune.py:prune` for deployments run from a checkout (see docs/decisions.md)."""

from newsingest.orchestration.prune import prune

__all__ = ["prune"]
