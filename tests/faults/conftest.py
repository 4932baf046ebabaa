"""Every fault test runs with the short timeouts of tests/faults/fixtures.py."""

import pytest


@pytest.fixture(autouse=True)
def _fast_settings(fast_settings: None) -> None:
    """Apply fast_settings to every test of this directory."""
