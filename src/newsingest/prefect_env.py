"""Prefect defaults for this product, applied before Prefect is imported (env vars win)."""

import os

DEFAULTS = {
    # The local ephemeral API takes 8-20 s to start on a small machine; Prefect gives up at 20 s.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    # No telemetry from an offline machine (it only logs name-resolution errors).
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
}


def apply_prefect_defaults() -> None:
    """Set Prefect settings the user has not set."""
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
