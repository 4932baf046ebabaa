"""A source's `health:` block: when its quiet is silence, and its own stale and failure thresholds."""

from pydantic import BaseModel, ConfigDict, Field


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
