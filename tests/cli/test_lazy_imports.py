"""Fast commands import only what they use: no Prefect, extractor or crawler for help and listings."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.cli.helpers import Cli
from tests.cli.stored import stored_rows

PIPELINE = {"prefect", "trafilatura", "scrapy", "twisted", "htmldate"}
# Listings read through SQLAlchemy Core (db/tables.py): the ORM alone would cost them a third of a second.
ORM = "sqlalchemy.orm"
# What the command ran, then every module it had loaded, written where the test can read them.
PROBE = """
import json, sys
from newsingest.cli import main
try:
    main(sys.argv[2:])
except SystemExit as exit:
    code = exit.code
with open(sys.argv[1], "w") as out:
    json.dump({"code": code, "modules": sorted(sys.modules)}, out)
"""


def loaded_module_names(tmp_path: Path, *args: str) -> set[str]:
    """Return the full name of every module `newsingest ARGS` loaded, after checking that it exited 0."""
    report = tmp_path / "modules.json"
    subprocess.run(
        [sys.executable, "-c", PROBE, str(report), *args],
        capture_output=True,
        timeout=60,
        env=os.environ,
        check=True,
    )
    outcome = json.loads(report.read_text())
    assert outcome["code"] == 0, args
    return set(outcome["modules"])


def loaded_modules(tmp_path: Path, *args: str) -> set[str]:
    """Return the top-level packages `newsingest ARGS` loaded."""
    return {name.split(".")[0] for name in loaded_module_names(tmp_path, *args)}


def orm_modules(names: set[str]) -> set[str]:
    """Return the modules of SQLAlchemy's ORM among names."""
    return {name for name in names if name == ORM or name.startswith(f"{ORM}.")}


@pytest.mark.usefixtures("cli")
def test_help_loads_neither_configuration_nor_database_nor_pipeline(tmp_path: Path) -> None:
    loaded = loaded_modules(tmp_path, "--help")
    assert not loaded & (PIPELINE | {"sqlalchemy", "pydantic", "pydantic_settings", "yaml"})


@pytest.mark.parametrize("args", [["sources"], ["articles"], ["status"], ["failures"]], ids=" ".join)
def test_listings_do_not_load_the_pipeline(cli: Cli, tmp_path: Path, args: list[str]) -> None:
    assert cli("db", "upgrade").returncode == 0
    assert not loaded_modules(tmp_path, *args) & PIPELINE


@pytest.mark.parametrize(
    "args", [["sources"], ["articles"], ["status"], ["failures"], ["show"], ["stories"]], ids=" ".join
)
def test_listings_of_stored_rows_read_through_core_without_the_orm(
    engine: Engine, tmp_path: Path, args: list[str]
) -> None:
    # Rows in every table a listing reads, so each prints a table rather than "nothing stored yet".
    stored = stored_rows(engine, extra=1)
    args = [*args, str(stored.amn_id)] if args == ["show"] else args
    loaded = loaded_module_names(tmp_path, *args)
    assert not orm_modules(loaded), args
    assert not {name.split(".")[0] for name in loaded} & PIPELINE
