"""Alembic environment: the URL comes from the caller's config or NEWSINGEST_DATABASE_URL."""

import logging.config
from typing import Any

from alembic import context
from sqlalchemy import event

from newsingest.config import get_settings
from newsingest.db.engine import make_engine
from newsingest.db.models import Base

config = context.config
if config.config_file_name and config.attributes.get("configure_logging", True):
    logging.config.fileConfig(config.config_file_name)

url = config.get_main_option("sqlalchemy.url") or get_settings().database_url


def _foreign_keys_off(dbapi_connection: Any, _record: Any) -> None:
    # SQLite alters a table by copying it and dropping the old one; with foreign keys on, that drop
    # deletes its rows first, so every ON DELETE rule fires: links to it are cleared (SET NULL) and
    # rows hanging on it deleted (CASCADE). The copy keeps the ids, so with the keys off every link
    # still points at the same row once the copy takes the old table's name.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.close()


def run_migrations() -> None:
    """Run migrations online against url."""
    engine = make_engine(url)
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:  # after make_engine's own pragmas, which turn the keys on for the application
        event.listen(engine, "connect", _foreign_keys_off)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=sqlite,  # SQLite alters tables by copy
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    # Closing the last connection checkpoints SQLite's WAL, so the file alone holds the schema.
    engine.dispose()


run_migrations()
