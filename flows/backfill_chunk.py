"""Entrypoint `flows/backfill_chunk.py:backfill_chunk`: one chunk (source × days) of a fanned-out backfill."""

from newsingest.orchestration.fanout import backfill_chunk

__all__ = ["backfill_chunk"]
