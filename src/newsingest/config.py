"""One Settings object for the whole process, read from the environment once."""

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

BUNDLED_SOURCES = Path(__file__).with_name("sources.yaml")


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
    extract_timeout: float = Field(
        default=30.0, description="Seconds one page's extraction may take before it becomes a failure."
    )
    extract_workers: int = Field(
        default=os.cpu_count() or 1, ge=1, description="Worker processes extracting pages in parallel."
    )
    retry_after_max: float = Field(
        default=300.0, description="Longest Retry-After (seconds) honoured; longer waits are capped."
    )
    db_retries: int = Field(default=4, description="Retries of a batch's transaction on a lost connection.")
    db_retry_backoff: float = Field(default=1.0, description="First retry delay (s); doubles each retry.")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process's settings, read from the environment on first use."""
    return Settings()
