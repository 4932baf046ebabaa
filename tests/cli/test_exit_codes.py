"""The exit code contract, for every command of the app: 0 done, 1 a failed run, 2 a mistake (one line)."""

import tomllib
from importlib.metadata import version
from pathlib import Path

import click
import pytest
import typer
from packaging.requirements import Requirement

from newsingest.cli import app
from tests.cli.helpers import Cli, command_paths, one_line_error, run_newsingest

ROOT = Path(__file__).parents[2]


COMMANDS = command_paths(typer.main.get_command(app))
GROUPS = [(), ("db",)]

# A mistake each command can only refuse: every command of the app must be listed here.
MISTAKES: dict[tuple[str, ...], list[str]] = {
    ("articles",): ["--limit", "0"],
    ("backfill",): ["--source", "amn", "--since", "2022-01-01"],  # --until missing
    ("db", "upgrade"): ["extra-argument"],
    ("demo",): ["--keep-serving=maybe"],
    ("deployments",): ["--output"],  # option without its value
    ("eval",): ["--jobs", "0"],
    ("export",): ["--format", "xml"],
    ("extract",): [],  # FILE_OR_URL missing
    ("failures",): ["--since", "yesterday"],
    ("health",): ["--source", "nosuch"],
    ("prune",): ["--keep-days", "-1"],
    ("reprocess",): ["--extractor-version-below", "x"],
    ("retry-failures",): ["--source"],
    ("run",): ["--source", "nosuch"],
    ("serve",): ["now"],
    ("setup",): ["--alerts-webhook"],
    ("show",): ["not-an-id"],
    ("sources",): ["--file", "/nonexistent/sources.yaml"],
    ("status",): ["--sources-file", "/nonexistent/sources.yaml"],
    ("stories",): ["--since", "last week"],
}


def ids(path: tuple[str, ...]) -> str:
    return " ".join(path) or "newsingest"


def test_every_command_has_a_mistake_case() -> None:
    assert set(COMMANDS) == set(MISTAKES), "add a usage mistake for each new command to MISTAKES"


def test_typer_is_pinned_to_the_tested_range() -> None:
    """main() relies on Typer's non-standalone behaviour (returned exit codes, its own click): pinned."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (typer_requirement,) = (Requirement(r) for r in project["dependencies"] if Requirement(r).name == "typer")
    assert typer_requirement.specifier.contains(version("typer"))
    assert any(spec.operator == "<" for spec in typer_requirement.specifier), "needs an upper bound"


@pytest.mark.parametrize("path", COMMANDS, ids=ids)
def test_an_unknown_option_is_a_one_line_mistake(cli: Cli, path: tuple[str, ...]) -> None:
    result = cli(*path, "--no-such-option")
    assert result.returncode == 2
    assert "No such option: --no-such-option" in one_line_error(result)


@pytest.mark.parametrize("path", COMMANDS, ids=ids)
def test_the_commands_own_mistake_is_one_line_and_exit_2(cli: Cli, path: tuple[str, ...]) -> None:
    result = cli(*path, *MISTAKES[path])
    assert result.returncode == 2, result.stderr
    one_line_error(result)


@pytest.mark.parametrize("path", COMMANDS, ids=ids)
def test_help_of_every_command_exits_0(cli: Cli, path: tuple[str, ...]) -> None:
    result = cli(*path, "--help")
    assert result.returncode == 0 and result.stderr == ""
    assert "Usage: newsingest" in result.stdout


@pytest.mark.parametrize("path", [*GROUPS, ("nosuchcommand",), ("db", "nosuchcommand")], ids=ids)
def test_a_group_without_a_known_command_is_a_mistake(cli: Cli, path: tuple[str, ...]) -> None:
    result = cli(*path)
    assert result.returncode == 2
    one_line_error(result)
    if path in GROUPS:  # the help is what the user needed
        assert "Commands" in result.stdout


def test_bad_settings_are_one_line_naming_the_variable(cli: Cli) -> None:
    result = cli("sources", env={"NEWSINGEST_DOWNLOAD_TIMEOUT": "soon"})
    assert result.returncode == 2
    assert "NEWSINGEST_DOWNLOAD_TIMEOUT" in one_line_error(result)


def test_reading_commands_succeed_on_a_migrated_database(cli: Cli) -> None:
    assert cli("db", "upgrade").returncode == 0
    for args in (["sources"], ["articles"], ["status"], ["failures"], ["retry-failures"]):
        result = cli(*args)
        assert (result.returncode, result.stderr) == (0, ""), args
    pruned = cli("prune", "--keep-days", "7")
    assert pruned.returncode == 0 and pruned.stdout.startswith("deleted 0 raw pages"), pruned


def test_deployments_writes_the_file_and_exits_0(cli: Cli, tmp_path: Path) -> None:
    result = cli("deployments", "--output", str(tmp_path / "prefect.yaml"))
    assert result.returncode == 0 and (tmp_path / "prefect.yaml").is_file()


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
def test_a_failed_run_prints_its_summary_and_exits_1(tmp_path: Path) -> None:
    """A crawl killed by its time limit fails the source's run; the summary still prints, then exit 1."""
    from prefect.settings import get_current_settings

    env = {
        "NEWSINGEST_DATABASE_URL": f"sqlite:///{tmp_path}/newsingest.db",
        "PREFECT_HOME": str(tmp_path / "prefect"),
        # The test's Prefect server: the exit code is the subject, not the temporary server's start.
        "PREFECT_API_URL": str(get_current_settings().api.url),
        "NEWSINGEST_CRAWL_TIMEOUT": "0.01",
    }
    result = run_newsingest("demo", env=env, cwd=tmp_path, timeout=300)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Run summary" in result.stdout and "failed" in result.stdout
    assert "newsingest: ingest run Failed" in result.stderr


def test_installed_click_is_not_what_typer_raises() -> None:
    """Why main() catches typer.TyperException: Typer 0.29 raises its bundled click's errors."""
    assert not issubclass(typer.BadParameter, click.ClickException)
