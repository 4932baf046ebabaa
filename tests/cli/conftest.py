"""Fixtures of the CLI tests: a database and a Prefect home per test."""

from pathlib import Path

import pytest

from tests.cli.helpers import Cli, run_newsingest


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """Run newsingest against a database in tmp_path (unless the test sets one), with its own Prefect home."""
    monkeypatch.setenv("NEWSINGEST_DATABASE_URL", f"sqlite:///{tmp_path}/newsingest.db")
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect"))
    return run_newsingest
