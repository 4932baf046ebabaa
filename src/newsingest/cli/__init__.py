"""The `newsingest` command line: one module per group of commands, registered in app.py."""

from newsingest.cli.app import app
from newsingest.cli.entry import main

__all__ = ["app", "main"]
