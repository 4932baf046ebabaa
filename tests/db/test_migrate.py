"""Bringing a database to the latest schema: Alembic only when the database is not there yet."""

import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from newsingest.db.engine import get_engine
from newsingest.db.migrate import (
    HEAD_REVISION,
    alembic_config,
    stored_revision,
    upgrade,
    upgrade_to_head,
)


def test_head_revision_is_the_newest_migration() -> None:
    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert heads == [HEAD_REVISION], "a new migration: set HEAD_REVISION in newsingest/db/migrate.py"


def test_a_database_at_head_is_checked_without_alembic(database_url: str) -> None:
    # A subprocess: this test process has imported Alembic already.
    code = (
        "import sys\n"
        "from newsingest.db.migrate import upgrade_to_head\n"
        f"upgrade_to_head({database_url!r})\n"
        "assert 'alembic' not in sys.modules, 'alembic was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
    assert stored_revision(database_url) == HEAD_REVISION


def test_a_new_database_gets_the_whole_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    assert stored_revision(url) is None
    upgrade_to_head(url)
    assert stored_revision(url) == HEAD_REVISION
    assert {"articles", "pages", "crawl_runs", "failures"} <= set(inspect(get_engine(url)).get_table_names())
    get_engine(url).dispose()


def test_an_older_database_is_migrated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    previous = ScriptDirectory.from_config(alembic_config(url)).get_revision(HEAD_REVISION).down_revision
    assert isinstance(previous, str)
    upgrade(url, previous)
    assert stored_revision(url) == previous
    upgrade_to_head(url)
    assert stored_revision(url) == HEAD_REVISION
    get_engine(url).dispose()
