"""Publication times: computed from (seed, id) so id order is date order, never stored per article."""

from bisect import bisect_left
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sitegen.mix import salt, unit
from sitegen.spec import SiteSpec

_JITTER = salt("published")
DAY = 86400


@dataclass(frozen=True, slots=True)
class Batch:
    """Articles added by one add_articles() call: ids from first on, spaced from anchor (epoch s)."""

    first: int
    anchor: int


def epoch(moment: datetime) -> int:
    """Return moment as whole epoch seconds."""
    return int(moment.timestamp())


class Timeline:
    """Maps article ids to UTC epoch seconds, strictly in id order."""

    def __init__(self, spec: SiteSpec) -> None:
        """Spread spec.n_articles over [start 00:00, end + 1 day 00:00) UTC."""
        self.spec = spec
        self.base_start = epoch(datetime.combine(spec.start, time(), UTC))
        self.base_end = epoch(datetime.combine(spec.end + timedelta(days=1), time(), UTC))
        self.step = (self.base_end - self.base_start) / spec.n_articles

    def published(self, article_id: int, batches: tuple[Batch, ...]) -> int:
        """Return the epoch second article_id was published."""
        # The jitter stays inside (0.1, 0.9) of each slot, so times never go backwards.
        jitter = 0.1 + 0.8 * unit(self.spec.seed, article_id, _JITTER)
        if article_id < self.spec.n_articles:
            return self.base_start + int((article_id + jitter) * self.step)
        batch = batches[bisect_left(batches, article_id + 1, key=lambda b: b.first) - 1]
        return batch.anchor + int((article_id - batch.first + jitter) * self.spec.added_interval)

    def first_at_or_after(self, moment: int, total: int, batches: tuple[Batch, ...]) -> int:
        """Return the lowest id published at or after moment (total when none is)."""
        return bisect_left(range(total), moment, key=lambda i: self.published(i, batches))
