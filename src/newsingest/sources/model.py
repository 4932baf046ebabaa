"""The Source model: one outlet, its discovery entry points, politeness and cleaning rules."""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin, urlsplit

from cronsim import CronSim, CronSimError
from cssselect import GenericTranslator, SelectorError
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from newsingest.sources.health_rules import HealthRules
from newsingest.sources.patterns import article_match

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


def _check_patterns(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from None
    return patterns


class Listing(BaseModel):
    """A listing page (section front, archive) and the pattern its article links match."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str
    article_pattern: str = Field(
        description="Regex searched in the canonical URL of each link (with and without www.); matches "
        "are articles."
    )

    @field_validator("article_pattern")
    @classmethod
    def _pattern(cls, value: str) -> str:
        return _check_patterns([value])[0]

    def is_article(self, url: str) -> bool:
        """Say whether a link of this listing is an article (BadURL when url is unusable)."""
        return article_match(self.article_pattern, url)


class Examples(BaseModel):
    """URLs a source's article_pattern must accept and refuse; checked when sources.yaml is loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    articles: list[str] = Field(default_factory=list, description="Article URLs the pattern must match.")
    not_articles: list[str] = Field(
        default_factory=list, description="Section, tag, feed or other URLs the pattern must not match."
    )


class CleaningRules(BaseModel):
    """Per-source cleaning: elements removed before extraction, lines removed after."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    drop_selectors: list[str] = Field(
        default_factory=list, description="CSS selectors removed from the HTML."
    )
    drop_line_patterns: list[str] = Field(default_factory=list, description="Regexes; matching lines go.")

    @field_validator("drop_selectors")
    @classmethod
    def _selectors(cls, value: list[str]) -> list[str]:
        for selector in value:
            try:
                GenericTranslator().css_to_xpath(selector)
            except SelectorError as exc:
                raise ValueError(f"invalid CSS selector {selector!r}: {exc}") from None
        return value

    @field_validator("drop_line_patterns")
    @classmethod
    def _patterns(cls, value: list[str]) -> list[str]:
        return _check_patterns(value)


class RunChecks(BaseModel):
    """Per-source health checks judged at the end of each run; a failed one fails the source's run."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    discovery_reached: bool = Field(
        default=True,
        description="At least one feed, sitemap or listing must be fetched and parsed (a 304 Not Modified "
        "counts); false turns the check off.",
    )
    max_error_rate: float | None = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Failed fetches / attempted fetches above this fail the run; null turns the check off.",
    )
    min_attempts: int = Field(
        default=5,
        ge=1,
        description="The error rate is judged only when at least this many fetches were attempted.",
    )
    min_pages: int | None = Field(
        default=None,
        ge=0,
        description="Fewest article links the run's feeds, sitemaps and listings must list (known ones "
        "included). null: 1 when the median of the source's recent completed ingest runs listed any, "
        "else not judged; 0 turns the check off.",
    )
    history_runs: int = Field(
        default=5, ge=1, description="Recent completed ingest runs the min_pages default is taken from."
    )


class Source(BaseModel):
    """One outlet to ingest, declared in sources.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    slug: str
    name: str
    domain: str
    base_url: str | None = Field(default=None, description="Relative feed/sitemap/listing URLs resolve here.")
    enabled: bool = True
    language: str | None = Field(default=None, description="Expected language, a hint only.")
    feeds: list[str] = Field(default_factory=list)
    sitemaps: list[str] = Field(default_factory=list)
    listings: list[Listing] = Field(default_factory=list)
    article_pattern: str | None = Field(
        default=None,
        description="Regex searched in the canonical URL (with and without www.) of every discovered link; "
        "only matches are fetched.",
    )
    examples: Examples = Field(default_factory=Examples)
    schedule: str = Field(default="0 * * * *", description="Cron expression (UTC) of the ingest deployment.")
    download_delay: float = Field(default=1.0, ge=0, description="Seconds between requests to the domain.")
    max_pages: int = Field(default=1000, ge=1, description="Article pages fetched per run at most.")
    refetch_window_hours: float = Field(
        default=48,
        ge=0,
        description="Articles published this recently are fetched again to catch corrections.",
    )
    refetch_interval_minutes: float = Field(
        default=60, ge=0, description="A recent article is fetched again at most this often."
    )
    max_fetch_attempts: int = Field(default=5, ge=1, description="Runs that retry a URL whose fetch failed.")
    allowed_hosts: list[str] = Field(
        default_factory=list, description="Hosts besides the domain that links may lead to."
    )
    allow_private_hosts: list[str] = Field(
        default_factory=list,
        description="Hosts that may resolve to loopback, private or link-local addresses (the SSRF guard "
        "refuses every other such address); only local demo and test sites need this.",
    )
    proxy: str | None = Field(
        default=None,
        description="HTTP proxy (http://host:port) every request of the crawl goes through; URLs, and so the "
        "articles' keys, stay the source's own. The demo reaches its fixed address this way.",
    )
    download_maxsize: int = Field(
        default=10 * 1024 * 1024,
        ge=1024,
        description="Largest body accepted, bytes after decompression; bigger pages and compression bombs "
        "are refused at this size.",
    )
    rules: CleaningRules = Field(default_factory=CleaningRules)
    health: HealthRules = Field(default_factory=HealthRules)
    checks: RunChecks = Field(default_factory=RunChecks)

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError("must be lowercase letters, digits, '-' or '_' (at most 63)")
        return value

    @field_validator("schedule")
    @classmethod
    def _schedule(cls, value: str) -> str:
        try:
            CronSim(value, datetime(2000, 1, 1))
        except CronSimError as exc:
            raise ValueError(f"invalid cron expression {value!r}: {exc}") from None
        return value

    @field_validator("article_pattern")
    @classmethod
    def _pattern(cls, value: str | None) -> str | None:
        return None if value is None else _check_patterns([value])[0]

    @field_validator("proxy")
    @classmethod
    def _proxy(cls, value: str | None) -> str | None:
        if value is not None:
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.hostname or parts.path.strip("/"):
                raise ValueError(f"{value!r} is not a proxy address like http://host:port")
        return value

    @model_validator(mode="after")
    def _has_entry_point(self) -> "Source":
        if not (self.feeds or self.sitemaps or self.listings):
            raise ValueError("needs at least one of feeds, sitemaps or listings")
        for url in self.entry_urls():
            if urlsplit(url).scheme not in ("http", "https"):
                raise ValueError(f"{url!r} is not an http(s) URL (relative URLs need base_url)")
        return self

    def is_article(self, url: str) -> bool:
        """Say whether url may be an article of this source (BadURL when url is unusable)."""
        return self.article_pattern is None or article_match(self.article_pattern, url)

    def resolve(self, url: str) -> str:
        """Return url made absolute against base_url."""
        return urljoin(self.base_url + "/", url) if self.base_url else url

    def entry_urls(self) -> list[str]:
        """Return every feed, sitemap and listing URL, absolute."""
        return [self.resolve(u) for u in (*self.feeds, *self.sitemaps, *(li.url for li in self.listings))]

    def hosts(self) -> set[str]:
        """Return the hosts this source's crawl may visit."""
        hosts = {self.domain.lower(), *(h.lower() for h in self.allowed_hosts)}
        hosts |= {h.removeprefix("www.") for h in hosts} | {"www." + h for h in hosts}
        hosts |= {urlsplit(u).hostname or "" for u in self.entry_urls()}
        return hosts - {""}

    def schedule_interval(self) -> timedelta:
        """Return the gap between two consecutive scheduled runs (from the cron expression)."""
        it = CronSim(self.schedule, datetime(2024, 1, 1, tzinfo=UTC))
        first = next(it)
        return next(it) - first

    def with_base_url(self, base_url: str) -> "Source":
        """Return a copy whose relative URLs resolve against base_url (the demo server's address)."""
        return self.model_copy(update={"base_url": base_url.rstrip("/")})
