"""One Settings object for the whole process, read from the environment once."""

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from newsingest.errors import NewsingestError

BUNDLED_SOURCES = Path(__file__).with_name("sources.yaml")
POSTGRES_DRIVER = "postgresql+psycopg"
# PostgreSQL schemes of libpq, Heroku and older SQLAlchemy releases; psycopg 3 is the installed driver.
POSTGRES_ALIASES = ("postgres", "postgresql", "postgres+psycopg")
URL_FORMS = (
    "sqlite:///relative/path.db, sqlite:////absolute/path.db or postgresql+psycopg://user:pass@host/db"
)


class Settings(BaseSettings):
    """Process-wide configuration; every field can be set as NEWSINGEST_<FIELD>."""

    model_config = SettingsConfigDict(env_prefix="NEWSINGEST_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///./data/newsingest.db",
        description="SQLAlchemy URL: SQLite by default, postgresql+psycopg://… in production.",
    )
    sources_file: Path = Field(default=BUNDLED_SOURCES, description="The sources.yaml to read.")
    user_agent: str = Field(
        default="newsingest/0.1 (+https://github.com/newsingest/newsingest; news archiving bot)",
        description="Identifies the crawler to site operators; put a contact address in it.",
    )
    download_timeout: float = Field(default=30.0, description="Seconds before a fetch is abandoned.")
    download_maxsize: int = Field(default=10 * 1024 * 1024, description="Largest page body kept, bytes.")
    concurrent_requests_per_domain: int = Field(default=4, description="Parallel fetches per host.")
    process_batch_size: int = Field(default=100, description="Pages extracted and loaded per transaction.")
    crawl_timeout: float = Field(default=3600.0, description="Seconds before a crawl subprocess is killed.")
    log_level: str = Field(default="INFO", description="Log level of the crawl subprocess.")
    crawl_progress_interval: float = Field(
        default=30.0, gt=0, description="Seconds between a crawl's progress lines in the run log."
    )
    extract_timeout: float = Field(
        default=30.0, description="Seconds one page's extraction may take before it becomes a failure."
    )
    extract_workers: int = Field(
        default=os.cpu_count() or 1, ge=1, description="Worker processes extracting pages in parallel."
    )
    dask_address: str = Field(
        default="",
        description="Dask scheduler (tcp://host:8786) that `reprocess --dask` extracts on; empty: a "
        "LocalCluster of extract_workers processes started for the run.",
    )
    retry_after_max: float = Field(
        default=300.0, description="Longest Retry-After (seconds) honoured; longer waits are capped."
    )
    db_retries: int = Field(default=4, description="Retries of a batch's transaction on a lost connection.")
    db_retry_backoff: float = Field(
        default=1.0,
        description="First retry delay (s), doubled each retry; processing retries 2 and 10 of these later.",
    )

    @field_validator("database_url")
    @classmethod
    def _postgres_scheme(cls, url: str) -> str:
        return normalize_database_url(url)


def normalize_database_url(url: str) -> str:
    """Return url with the other spellings of PostgreSQL's scheme mapped to the installed psycopg driver."""
    scheme, separator, rest = url.strip().partition("://")
    if separator and scheme.lower() in POSTGRES_ALIASES:
        return f"{POSTGRES_DRIVER}://{rest}"
    return url.strip()


def check_database_url(url: str) -> str:
    """Return url when newsingest can use it; raise a NewsingestError saying how to write it otherwise."""
    # Imported here: commands that never touch the database should not pay for SQLAlchemy.
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    url = normalize_database_url(url)
    problem = f"NEWSINGEST_DATABASE_URL {redact_url(url)!r}"
    try:
        parsed = make_url(url)
        parsed.port  # noqa: B018 - make_url parses the port lazily; a bad one raises only here
    except (ArgumentError, ValueError):
        raise NewsingestError(f"{problem} is not a database URL; write {URL_FORMS}") from None
    backend, _, driver = parsed.drivername.partition("+")
    if backend == "sqlite":
        if parsed.host or parsed.username or parsed.port:
            raise NewsingestError(
                f"{problem}: a SQLite URL has three slashes before a relative path and four before an "
                f"absolute one ({URL_FORMS})"
            )
        return url
    if backend == "postgresql" and driver in ("", "psycopg"):
        return url
    if backend == "postgresql":
        raise NewsingestError(
            f"{problem}: the installed PostgreSQL driver is psycopg 3; write {POSTGRES_DRIVER}://"
        )
    raise NewsingestError(f"{problem}: newsingest stores into SQLite or PostgreSQL; write {URL_FORMS}")


def sqlite_path(url: str) -> Path | None:
    """Return the file of a SQLite URL as written (relative paths are taken from the current directory)."""
    scheme, _, rest = url.partition("://")
    if scheme.partition("+")[0] != "sqlite":
        return None
    database = rest.removeprefix("/").partition("?")[0]
    if not database or database == ":memory:":
        return None
    return Path(database)


def redact_url(url: str) -> str:
    """Return url with its password masked, or unchanged when it does not parse."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        # A URL SQLAlchemy cannot read may still hold a password: mask what sits between ':' and '@'.
        scheme, separator, rest = url.partition("://")
        credentials, at, host = rest.rpartition("@")
        if at and ":" in credentials:
            credentials = credentials.partition(":")[0] + ":***"
        return f"{scheme}{separator}{credentials}{at}{host}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process's settings, read from the environment on first use."""
    return Settings()
