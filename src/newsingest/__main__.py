"""`python -m newsingest` runs the CLI."""

from newsingest.cli import main

if __name__ == "__main__":
    main()
