"""A source's `health:` block (silence, stale and failure thresholds) and the defaults it overrides."""

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field


@dataclass(frozen=True, slots=True)
class HealthPolicy:
    """Defaults of the health checks; a source's `health:` block overrides them for that source."""

    stale_factor: float = 3.0  # stale when the last success is older than this many schedule intervals
    failure_rate: float = 0.2  # failing above this share of failed fetches in 24 h
    history_runs: int = 30  # runs that found new articles, the source's typical gap is learned from
    min_gaps: int = 3  # with fewer gaps between such runs, the rate is unknown and silence not judged
    probe_timeout: float = 10.0  # seconds per connect or read of a probe


class HealthRules(BaseModel):
    """Per-source health thresholds; unset ones come from the health check's defaults or history."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    expect_new_articles: bool = Field(
        default=True,
        description="False for a static or archive source: going without new articles is never silence.",
    )
    silent_after_hours: float | None = Field(
        default=None,
        gt=0,
        description="Hours without a new article after which the source is silent; unset: learned from "
        "its history (the typical gap between runs that found new articles, times silence_factor).",
    )
    silence_factor: float = Field(
        default=3.0, ge=1, description="A learned silence threshold is this many typical gaps."
    )
    min_silent_hours: float = Field(
        default=6.0, ge=0, description="A learned silence threshold is never shorter than this."
    )
    stale_factor: float | None = Field(
        default=None,
        gt=0,
        description="Stale when the last success is older than this many schedule intervals (default 3).",
    )
    failure_rate: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="Failing when more than this share of fetches failed in 24 h (default 0.2).",
    )
