"""Entrypoint `flows/health.py:health` for deployments run from a checkout (see docs/decisions.md)."""

from newsingest.orchestration.health import health

__all__ = ["health"]
