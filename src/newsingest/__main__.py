"""`python -m newsingest` runs the CLI."""

from newsingest.cli import main

main()
