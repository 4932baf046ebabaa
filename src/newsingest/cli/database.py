"""The database as commands need it: an existing, migrated one to read, or one brought up to date."""

from typing import TYPE_CHECKING

from newsingest.errors import NewsingestError

if TYPE_CHECKING:
    from sqlalchemy import Engine


def checked_url() -> str:
    """Return the configured database URL, or raise a NewsingestError saying how to write it."""
    from newsingest.config import check_database_url, get_settings

    return check_database_url(get_settings().database_url)


def existing_database() -> "Engine":
    """Return the configured database's engine, refusing to create a file or read one without tables."""
    from newsingest.config import redact_url, sqlite_path

    url = checked_url()
    written = sqlite_path(url)
    path = written.absolute() if written is not None else None
    # Checked before connecting: SQLite would create the file, and our engine its directory.
    if written is not None and path is not None and not path.is_file():
        relative = "" if written.is_absolute() else " (a path relative to the current directory)"
        raise NewsingestError(
            f"no database at {path}: NEWSINGEST_DATABASE_URL is {url}{relative}; run `newsingest db upgrade` "
            "to create it there, or point NEWSINGEST_DATABASE_URL at an existing database"
        )
    from newsingest.db.engine import get_engine
    from newsingest.queries import missing_tables

    engine = get_engine(url)
    missing = missing_tables(engine)
    if missing:
        where = str(path) if path is not None else redact_url(url)
        raise NewsingestError(
            f"database {where} has no newsingest tables ({', '.join(missing)}): run `newsingest db upgrade`"
        )
    return engine


def upgraded_database() -> str:
    """Create or migrate the configured database to the latest schema and return its URL."""
    from newsingest.db.migrate import upgrade_to_head

    url = checked_url()
    upgrade_to_head(url)
    return url
