"""Mistakes in arguments, sources and the database URL are caught before Prefect or the database start."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.cli.helpers import Cli, absolute_pythonpath, one_line_error
from tests.cli.test_lazy_imports import PROBE

# Prefect's temporary server alone takes 4-20 s; a mistake caught first never even imports Prefect or the
# crawler, which is what these tests check (a timing bound would only measure the machine's load).
SLOW_PARTS = {"prefect", "scrapy", "twisted", "trafilatura"}


def checked(
    cli: Cli, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> tuple[str, int]:
    """Run `newsingest ARGS`; return its one-line error and exit code after checking nothing slow loaded."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "modules.json"
        result = subprocess.run(
            [sys.executable, "-c", PROBE, str(report), *args],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=cwd,
            env=absolute_pythonpath({**os.environ, **(env or {})}),
        )
        outcome = json.loads(report.read_text())
    loaded = {name.split(".")[0] for name in outcome["modules"]} & SLOW_PARTS
    assert not loaded, f"{args}: {sorted(loaded)} loaded before the mistake was caught"
    return one_line_error(result), outcome["code"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "--source", "nosuch"], "unknown source nosuch"),
        (["reprocess", "--source", "nosuch"], "unknown source nosuch"),
        (
            ["backfill", "--source", "nosuch", "--since", "2022-01-01", "--until", "2022-01-31"],
            "unknown source",
        ),
        (["backfill", "-s", "amn", "--since", "2022-02-01", "--until", "2022-01-31"], "is after --until"),
        (["reprocess", "--since", "2022-02-01", "--until", "2022-01-31"], "is after --until"),
        (["backfill", "-s", "amn", "--since", "2022-02-30", "--until", "2022-03-01"], "not a date"),
    ],
    ids=[
        "run-unknown",
        "reprocess-unknown",
        "backfill-unknown",
        "backfill-range",
        "reprocess-range",
        "bad-day",
    ],
)
def test_a_mistaken_run_fails_before_prefect_starts(
    cli: Cli, tmp_path: Path, args: list[str], message: str
) -> None:
    stderr, code = checked(cli, *args, cwd=tmp_path)
    assert code == 2 and message in stderr
    assert not (tmp_path / "newsingest.db").exists(), (
        "the database was touched before the arguments were checked"
    )


@pytest.mark.parametrize("command", ["run", "reprocess"])
def test_a_bad_sources_file_fails_the_run_before_prefect_starts(
    cli: Cli, tmp_path: Path, command: str
) -> None:
    bad = tmp_path / "sources.yaml"
    bad.write_text("sources:\n  - {slug: Bad Slug, name: x, domain: x, feeds: ['https://x/f']}\n")
    stderr, code = checked(cli, command, "--sources-file", str(bad))
    assert code == 2 and "source 'Bad Slug': slug:" in stderr


@pytest.mark.parametrize("command", ["run", "articles", "status", "db"])
def test_a_malformed_database_url_says_how_to_write_one(cli: Cli, tmp_path: Path, command: str) -> None:
    args = [command, "upgrade"] if command == "db" else [command]
    env = {"NEWSINGEST_DATABASE_URL": "localhost/newsingest"}
    stderr, code = checked(cli, *args, env=env, cwd=tmp_path)
    assert code == 2 and "'localhost/newsingest' is not a database URL" in stderr
    assert "postgresql+psycopg://" in stderr and "sqlite:///" in stderr


def test_postgres_scheme_is_taken_as_postgresql(cli: Cli) -> None:
    """`postgres://` (libpq, Heroku) reaches the server through psycopg instead of a plugin error."""
    result = cli("articles", env={"NEWSINGEST_DATABASE_URL": "postgres://user:s3cret@127.0.0.1:1/none"})
    stderr = one_line_error(result)
    assert result.returncode == 2 and "postgresql+psycopg://user:***@127.0.0.1:1/none" in stderr
    assert "s3cret" not in stderr and "plugin" not in stderr


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_postgres_scheme_reads_a_real_database(cli: Cli, database_url: str) -> None:
    url = "postgres://" + database_url.partition("://")[2]
    result = cli("articles", env={"NEWSINGEST_DATABASE_URL": url})
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "no articles stored yet\n"  # read through the postgres:// URL: an empty table


@pytest.mark.parametrize("command", [["articles"], ["status"], ["failures"], ["retry-failures"]])
def test_a_database_without_the_schema_says_run_db_upgrade(
    cli: Cli, tmp_path: Path, command: list[str]
) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    result = cli(*command, env={"NEWSINGEST_DATABASE_URL": f"sqlite:///{empty}"})
    assert result.returncode == 2
    stderr = one_line_error(result)
    assert "run `newsingest db upgrade`" in stderr and str(empty) in stderr


def test_the_default_database_is_named_by_its_absolute_file_and_not_created(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default URL is relative to the current directory: say which file, leave no ./data behind."""
    monkeypatch.delenv("NEWSINGEST_DATABASE_URL")
    for command in ("articles", "status", "failures"):
        result = cli(command, cwd=tmp_path)
        assert result.returncode == 2
        stderr = one_line_error(result)
        assert f"no database at {tmp_path / 'data' / 'newsingest.db'}" in stderr
        assert "relative to the current directory" in stderr
    assert not (tmp_path / "data").exists()
