"""Alembic environment: the URL comes from the caller's config or NEWSINGEST_DATABASE_URL."""

import logging.config

from alembic import context

from newsingest.config import get_settings
from newsingest.db.engine import make_engine
from newsingest.db.models import Base

config = context.config
if config.config_file_name and config.attributes.get("configure_logging", True):
    logging.config.fileConfig(config.config_file_name)

url = config.get_main_option("sqlalchemy.url") or get_settings().database_url


def run_migrations() -> None:
    """Run migrations online against url."""
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copy
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    # Closing the last connection checkpoints SQLite's WAL, so the file alone holds the schema.
    engine.dispose()


run_migrations()
