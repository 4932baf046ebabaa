"""Exit codes, and the one line on stderr that each kind of mistake or failure becomes."""

import typer

from newsingest.errors import NewsingestError

SUCCESS = 0
FAILED = 1  # a run failed, or a source failed its checks
USAGE = 2  # a user mistake: arguments, configuration, sources.yaml, the database URL
INTERRUPTED = 130  # SIGINT (128 + 2)
TERMINATED = 143  # SIGTERM (128 + 15)


def say(message: str) -> None:
    """Print one line on stderr, prefixed with the program's name."""
    typer.echo(f"newsingest: {' '.join(message.split())}", err=True)


def report(exc: Exception) -> int:
    """Print exc as one line and return its exit code; re-raise what is neither a mistake nor a failure."""
    if isinstance(exc, typer.TyperException):
        say(_usage_message(exc))
        return USAGE
    if isinstance(exc, typer.Abort):
        say("aborted")
        return FAILED
    if isinstance(exc, NewsingestError):
        say(f"error: {exc}")
        return USAGE
    database = _database_message(exc)
    if database is not None:
        say(f"error: {database}")
        return USAGE
    settings = _settings_message(exc)
    if settings is not None:
        say(f"error: {settings}")
        return USAGE
    raise exc


def _usage_message(exc: typer.TyperException) -> str:
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "newsingest"
    # Typer has already printed the help of a group called without a command.
    if type(exc).__name__ == "NoArgsIsHelpError":
        return f"error: `{command}` needs a command (listed above)"
    return f"error: {exc.format_message()} (see `{command} --help`)"


def _database_message(exc: Exception) -> str | None:
    # Imported here: SQLAlchemy is loaded already when one of its errors reached us, and only then.
    from sqlalchemy.exc import DBAPIError

    if not isinstance(exc, DBAPIError):
        return None
    from newsingest.config import get_settings, redact_url

    reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
    message = f"database {redact_url(get_settings().database_url)}: {reason}"
    if "no such table" in reason or ("relation" in reason and "does not exist" in reason):
        message += "; run `newsingest db upgrade`"
    return message


def _settings_message(exc: Exception) -> str | None:
    from pydantic import ValidationError

    if not isinstance(exc, ValidationError) or exc.title != "Settings":
        return None
    problems = [
        f"NEWSINGEST_{'_'.join(str(p) for p in error['loc']).upper()}: {error['msg']}"
        for error in exc.errors()
    ]
    return "configuration: " + "; ".join(problems)
