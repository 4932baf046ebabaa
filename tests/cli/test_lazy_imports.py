"""Fast commands import only what they use: no Prefect, extractor or crawler for help and listings."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import Cli

PIPELINE = {"prefect", "trafilatura", "scrapy", "twisted", "htmldate"}
# What the command ran, then which top-level modules it had loaded, written where the test can read them.
PROBE = """
import json, sys
from newsingest.cli import main
try:
    main(sys.argv[2:])
except SystemExit as exit:
    code = exit.code
with open(sys.argv[1], "w") as out:
    json.dump({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}, out)
"""


def loaded_modules(tmp_path: Path, *args: str) -> set[str]:
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


@pytest.mark.usefixtures("cli")
def test_help_loads_neither_configuration_nor_database_nor_pipeline(tmp_path: Path) -> None:
    loaded = loaded_modules(tmp_path, "--help")
    assert not loaded & (PIPELINE | {"sqlalchemy", "pydantic", "pydantic_settings", "yaml"})


@pytest.mark.parametrize("args", [["sources"], ["articles"], ["status"], ["failures"]], ids=" ".join)
def test_listings_do_not_load_the_pipeline(cli: Cli, tmp_path: Path, args: list[str]) -> None:
    assert cli("db", "upgrade").returncode == 0
    assert not loaded_modules(tmp_path, *args) & PIPELINE
