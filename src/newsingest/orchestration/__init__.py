"""Prefect flows and tasks; the top-level flows/ folder re-exports them as deployment entrypoints."""

from newsingest.orchestration import heartbeats

# Every process that runs our flows imports this package first (the command line, a worker's run):
# its runs get heartbeats that stop with them. Prefect's engine is patched when it loads, not loaded here.
heartbeats.install()
