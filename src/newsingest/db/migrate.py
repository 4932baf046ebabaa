"""Run Alembic migrations from code, so an installed package needs no alembic.ini."""

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
# The newest migration's revision (tests/db/test_migrate.py holds it to the scripts): a database already
# there needs no Alembic, whose import and script loading cost a run about 0.4 s before it starts.
HEAD_REVISION = "c615705149ef"


def alembic_config(database_url: str) -> "Config":
    """Return an Alembic config pointing at the bundled migrations and database_url."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # ConfigParser treats % as interpolation; URL-encoded passwords contain it.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.attributes["configure_logging"] = False
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the database at database_url to revision (default: the latest)."""
    from alembic import command

    command.upgrade(alembic_config(database_url), revision)


def stored_revision(database_url: str) -> str | None:
    """Return the revision the database says it is at; None when it has no version (new, or not ours)."""
    from sqlalchemy import text

    from newsingest.db.engine import get_engine

    with get_engine(database_url).connect() as conn:
        if not conn.dialect.has_table(conn, "alembic_version"):
            return None  # a new database, or not ours: Alembic decides (create the schema, or refuse)
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return versions[0] if len(versions) == 1 else None


def upgrade_to_head(database_url: str) -> None:
    """Bring the database to the latest schema, without loading Alembic when it is there already."""
    if stored_revision(database_url) != HEAD_REVISION:
        upgrade(database_url)
