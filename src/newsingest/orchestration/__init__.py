"""Prefect flows and tasks; the top-level flows/ folder re-exports them as deployment entrypoints."""
