"""Per-article attributes derived from (seed, id): language, section, syndication, text, byline."""

from datetime import UTC, datetime, timedelta, timezone

from sitegen.article import Article, Entry
from sitegen.mix import mix, rng, salt, unit
from sitegen.prose import LEXICONS, fill, headline, paragraphs
from sitegen.spec import SiteSpec
from sitegen.timeline import DAY, Batch, Timeline
from sitegen.urls import article_path, slugify

_LANGUAGE, _SYNDICATED, _SECTION, _OFFSET = salt("language"), salt("syndicated"), salt("section"), salt("tz")
_TEXT, _MODIFIED, _EXTRA, _TEMPLATE = salt("text"), salt("modified"), salt("extra"), salt("template")
# UTC offsets (minutes) of the desks filing stories: the same instant is written in many local times.
OFFSETS = (0, 60, 120, -300, -240, 330, 180, 540, -480, 60)
TEMPLATES = ("wordpress", "modern", "legacy")
RELATED_WINDOW = 300
MAX_UPDATE_DELAY = 31 * 3600  # base updates come 1–31 h after publication


class Generator:
    """Computes articles of one spec; mutable state (batches, edits) is passed in by the caller."""

    def __init__(self, spec: SiteSpec) -> None:
        """Prepare the timeline and the language thresholds."""
        self.spec = spec
        self.timeline = Timeline(spec)
        self._thresholds: list[tuple[float, str]] = []
        share = 0.0
        for language, part in sorted(spec.languages.items()):
            share += part
            self._thresholds.append((share, language))

    def original_of(self, article_id: int, batches: tuple[Batch, ...]) -> int | None:
        """Return the id whose body a syndicated article copies (published a day earlier), else None."""
        if unit(self.spec.seed, article_id, _SYNDICATED) >= self.spec.syndicated_share:
            return None
        moment = self.timeline.published(article_id, batches) - DAY
        # The latest article at least a day older; a copy may copy a copy, so resolve to the first.
        candidate = self.timeline.first_at_or_after(moment + 1, article_id, batches) - 1
        if candidate < 0:
            return None
        return self.original_of(candidate, batches) or candidate

    def language(self, content_id: int) -> str:
        """Return the language of the text identified by content_id."""
        draw = unit(self.spec.seed, content_id, _LANGUAGE)
        for threshold, language in self._thresholds:
            if draw < threshold:
                return language
        return "en"

    def section(self, article_id: int, original: int | None) -> str:
        """Return the section; a copy never shares its original's section."""
        sections = self.spec.sections
        pick = mix(self.spec.seed, article_id, _SECTION)
        if original is None:
            return sections[pick % len(sections)]
        own = self.section(original, None)
        others = [s for s in sections if s != own]
        return others[pick % len(others)]

    def published(self, article_id: int, batches: tuple[Batch, ...]) -> datetime:
        """Return the publication time in the filing desk's own UTC offset."""
        offset = OFFSETS[mix(self.spec.seed, article_id, _OFFSET) % len(OFFSETS)]
        moment = self.timeline.published(article_id, batches)
        return datetime.fromtimestamp(moment, UTC).astimezone(_zone(offset))

    def entry(
        self, article_id: int, batches: tuple[Batch, ...], edits: tuple[int, ...], base_now: int
    ) -> Entry:
        """Return the listing entry of an article."""
        original = self.original_of(article_id, batches)
        content = article_id if original is None else original
        language = self.language(content)
        title = headline(LEXICONS[language], rng(self.spec.seed, content, _TEXT))
        published = self.published(article_id, batches)
        section = self.section(article_id, original)
        day = published.astimezone(UTC).date()  # URLs and archives follow the UTC day
        modified: datetime | None = None
        if edits:
            modified = datetime.fromtimestamp(edits[-1], UTC).astimezone(published.tzinfo)
        elif unit(self.spec.seed, article_id, _MODIFIED) < self.spec.modified_share:
            later = 3600 + int(unit(self.spec.seed, article_id, _EXTRA) * (MAX_UPDATE_DELAY - 3600))
            # An update after the site's initial "now" would be in the future: clamp it.
            moment = min(int(published.timestamp()) + later, max(base_now - 60, int(published.timestamp())))
            modified = datetime.fromtimestamp(moment, UTC).astimezone(published.tzinfo)
        path = article_path(section, day, slugify(title), article_id)
        return Entry(article_id, path, section, title, language, published, modified)

    def article(self, entry: Entry, batches: tuple[Batch, ...], edits: tuple[int, ...]) -> Article:
        """Return the full article for an entry."""
        seed, article_id = self.spec.seed, entry.id
        original = self.original_of(article_id, batches)
        content = article_id if original is None else original
        lexicon = LEXICONS[entry.language]
        text = rng(seed, content, _TEXT)
        headline(lexicon, text)  # replay the title draw so the body continues the same sequence
        body = paragraphs(lexicon, text, 300 + int(unit(seed, content, _TEXT) * 880))
        slots = lexicon.slots
        authors = tuple(text.sample(slots["name"], 1 if text.random() < 0.8 else 2))
        tags = tuple(
            dict.fromkeys([entry.section, text.choice(slots["place"]), text.choice(slots["plural"])])
        )
        caption = f"{text.choice(slots['place'])}: {fill(text.choice(lexicon.sentences[:2]), lexicon, text)}"
        caption = f"{caption[0].upper()}{caption[1:]} Photo: {text.choice(slots['name'])}"
        for revision, _ in enumerate(edits, 1):
            body.append(fill(lexicon.correction.replace("{revision}", str(revision)), lexicon, text))
        extra = rng(seed, article_id, _EXTRA)
        earlier = range(max(0, article_id - RELATED_WINDOW), article_id)
        related = tuple(extra.sample(earlier, min(5, len(earlier))))
        comments = tuple(
            (
                extra.choice(LEXICONS["en"].slots["name"]),
                fill(extra.choice(lexicon.sentences), lexicon, extra),
            )
            for _ in range(extra.randint(0, 30))
        )
        # Version 1 is the routine update some articles get after publication; each edit adds one.
        modified_version = 1 if unit(seed, article_id, _MODIFIED) < self.spec.modified_share else 0
        return Article(
            entry=entry,
            authors=authors,
            tags=tags,
            paragraphs=tuple(body),
            caption=caption,
            version=modified_version + len(edits),
            template=TEMPLATES[mix(seed, article_id, _TEMPLATE) % len(TEMPLATES)],
            syndicated_from=original,
            related=related,
            comments=comments,
        )


def _zone(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))
