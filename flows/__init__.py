"""Prefect deployment entrypoints (file paths such as flows/ingest.py:ingest)."""
