"""The README's command table lists every command of the app."""

from pathlib import Path

import typer

from newsingest.cli import app
from tests.cli.helpers import command_paths

README = Path(__file__).parents[2] / "README.md"


def test_the_readme_lists_every_command() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [
        p for p in command_paths(typer.main.get_command(app)) if f"`newsingest {' '.join(p)}" not in text
    ]
    assert not missing, f"add to README.md's command table: {missing}"
