"""The site model: an immutable State snapshot, queries over it (View) and mutations (Site)."""

import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from sitegen.article import Article, Entry
from sitegen.generate import MAX_UPDATE_DELAY, Generator
from sitegen.spec import SiteSpec
from sitegen.timeline import DAY, Batch, epoch

NEWS_WINDOW = 48 * 3600  # Google News sitemaps list the last two days only
EDIT_STEP = 600  # each edit moves the site's clock on, so validators always change
ADD_GAP = 60  # first added article comes a minute after "now"


@dataclass(frozen=True, slots=True)
class State:
    """Everything mutations change: article count, added batches, edit times per article, clock."""

    total: int
    now: int
    batches: tuple[Batch, ...] = ()
    edits: dict[int, tuple[int, ...]] = field(default_factory=dict)
    version: int = 0


class View:
    """Read-only queries over one State, so a response never mixes two versions of the site."""

    def __init__(self, generator: Generator, state: State, base_now: int) -> None:
        """Bind a generator to a state."""
        self.generator = generator
        self.spec = generator.spec
        self.state = state
        self._base_now = base_now

    @property
    def total(self) -> int:
        """Return the number of articles."""
        return self.state.total

    @property
    def now(self) -> datetime:
        """Return the site's current time (UTC)."""
        return datetime.fromtimestamp(self.state.now, UTC)

    def _check(self, article_id: int) -> None:
        if not 0 <= article_id < self.state.total:
            raise KeyError(f"no article {article_id}")

    def entry(self, article_id: int) -> Entry:
        """Return the listing entry of an article."""
        self._check(article_id)
        edits = self.state.edits.get(article_id, ())
        return self.generator.entry(article_id, self.state.batches, edits, self._base_now)

    def article(self, article_id: int) -> Article:
        """Return the full article."""
        entry = self.entry(article_id)
        return self.generator.article(entry, self.state.batches, self.state.edits.get(article_id, ()))

    def published_ts(self, article_id: int) -> int:
        """Return the epoch second an article was published."""
        return self.generator.timeline.published(article_id, self.state.batches)

    def ids_between(self, start: int, end: int) -> range:
        """Return the ids published in [start, end) (epoch seconds): one contiguous range."""
        timeline, total, batches = self.generator.timeline, self.state.total, self.state.batches
        return range(
            timeline.first_at_or_after(start, total, batches), timeline.first_at_or_after(end, total, batches)
        )

    def day_ids(self, day: date) -> range:
        """Return the ids published on a UTC day."""
        start = epoch(datetime.combine(day, time(), UTC))
        return self.ids_between(start, start + DAY)

    def months(self) -> list[tuple[int, int]]:
        """Return every (year, month) from the start month to the newest article's month."""
        last = datetime.fromtimestamp(self.published_ts(self.state.total - 1), UTC)
        year, month = self.spec.start.year, self.spec.start.month
        result = []
        while (year, month) <= (last.year, last.month):
            result.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return result

    def month_ids(self, year: int, month: int) -> range:
        """Return the ids published in a UTC month."""
        start = datetime(year, month, 1, tzinfo=UTC)
        end = (
            datetime(year + 1, 1, 1, tzinfo=UTC) if month == 12 else datetime(year, month + 1, 1, tzinfo=UTC)
        )
        return self.ids_between(epoch(start), epoch(end))

    def recent_ids(self, window: int = NEWS_WINDOW) -> range:
        """Return the ids published in the window (seconds) before now."""
        return self.ids_between(self.state.now - window + 1, self.state.now + 1)

    def last_modified_of(self, ids: range) -> datetime | None:
        """Return the latest modification (or publication) time among a contiguous range of ids."""
        if not ids:
            return None
        last = ids[-1]
        horizon = self.published_ts(last) - MAX_UPDATE_DELAY
        best = self.entry(last).last_modified
        # Only articles close to the newest can have a base update later than it; edits are looked up.
        i = last - 1
        while i >= ids.start and self.published_ts(i) >= horizon:
            best = max(best, self.entry(i).last_modified)
            i -= 1
        for edited in self.state.edits:
            if edited in ids:
                best = max(best, self.entry(edited).last_modified)
        return best

    def newest_first(self, offset: int, count: int) -> list[int]:
        """Return up to count ids, newest first, skipping the offset newest."""
        top = self.state.total - 1 - offset
        return list(range(top, max(top - count, -1), -1))


class Site:
    """A synthetic site's model: start from a spec, then add and edit articles; thread-safe."""

    def __init__(self, spec: SiteSpec) -> None:
        """Start with spec.n_articles articles; now is midnight after spec.end (UTC)."""
        self.spec = spec
        self.generator = Generator(spec)
        self._base_now = self.generator.timeline.base_end
        self._state = State(total=spec.n_articles, now=self._base_now)
        self._lock = threading.Lock()

    def view(self) -> View:
        """Return a consistent read-only view of the current state."""
        return View(self.generator, self._state, self._base_now)

    @property
    def now(self) -> datetime:
        """Return the site's current time (UTC)."""
        return self.view().now

    @property
    def total(self) -> int:
        """Return the number of articles."""
        return self._state.total

    def add_articles(self, count: int) -> range:
        """Publish count new articles after now, advance now past them and return their ids."""
        if count < 1:
            raise ValueError("count must be at least 1")
        with self._lock:
            state = self._state
            batches = (*state.batches, Batch(first=state.total, anchor=state.now + ADD_GAP))
            total = state.total + count
            last = self.generator.timeline.published(total - 1, batches)
            self._state = State(total, last + ADD_GAP, batches, state.edits, state.version + 1)
            return range(state.total, total)

    def edit(self, article_id: int) -> datetime:
        """Append a correction to an article, bump its modified time (now + 10 min) and return it."""
        with self._lock:
            state = self._state
            if not 0 <= article_id < state.total:
                raise KeyError(f"no article {article_id}")
            now = state.now + EDIT_STEP
            edits = {**state.edits, article_id: (*state.edits.get(article_id, ()), now)}
            self._state = State(state.total, now, state.batches, edits, state.version + 1)
            return datetime.fromtimestamp(now, UTC)

    def advance(self, seconds: int) -> datetime:
        """Move now forward (e.g. to let articles age out of the news sitemap) and return it."""
        with self._lock:
            state = self._state
            self._state = State(
                state.total, state.now + seconds, state.batches, state.edits, state.version + 1
            )
            return datetime.fromtimestamp(self._state.now, UTC)

    def entry(self, article_id: int) -> Entry:
        """Return an article's listing entry (current state)."""
        return self.view().entry(article_id)

    def article(self, article_id: int) -> Article:
        """Return a full article (current state)."""
        return self.view().article(article_id)
