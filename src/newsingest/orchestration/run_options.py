"""What a flow's steps take from the settings: read once, at the top of the flow, and passed down."""

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

from newsingest.config import Settings
from newsingest.process.options import ProcessOptions


@dataclass(frozen=True, slots=True)
class RunOptions:
    """The settings a flow run uses: where sources and pages are, how long a crawl may take, processing."""

    sources_file: Path  # the configured sources.yaml, read when the flow names none
    database_url: str = field(repr=False)  # where the crawls store pages (may hold a password)
    sqlite: bool  # one writer at a time: crawls and loads take the writer slot
    crawl_timeout: float  # a crawl is killed after this long, and a run row older than it is abandoned
    process: ProcessOptions
    dask_address: str = ""  # the Dask scheduler extraction goes to when a run asks for Dask (empty: its own)

    @classmethod
    def from_settings(cls, settings: Settings) -> "RunOptions":
        """Return the options settings give."""
        return cls(
            sources_file=settings.sources_file,
            database_url=settings.database_url,
            sqlite=make_url(settings.database_url).get_backend_name() == "sqlite",
            crawl_timeout=settings.crawl_timeout,
            process=ProcessOptions.from_settings(settings),
            dask_address=settings.dask_address,
        )
