"""Line-level cleaning of an extracted body: general rules, source rules, captions, repeats."""

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from newsingest.clean.line_rules import (
    ACCOUNT_RULES,
    BLOCK_RULES,
    CREDIT_TAIL,
    GENERAL_RULES,
    MIN_THREAD_STAMPS,
    MORE_RULES,
    RELATIVE_TIME,
    TAGS_LINE,
    LineRule,
)
from newsingest.clean.normalize import SPACES, comparable, normalize_text
from newsingest.clean.words import count_words

LINE_RULES = (*GENERAL_RULES, *MORE_RULES, *BLOCK_RULES, *ACCOUNT_RULES, TAGS_LINE)
PROMO_RULES = tuple(rule for rule in LINE_RULES if rule.name.startswith("promo."))
MIN_REPEAT_WORDS = 5  # a repeated short line ("Advertisement") is chrome too, but handled by rules
CAPTION_OVERLAP = 0.8  # share of words a line must have in common with a caption to be one
# When many body lines repeat captions, the captions are the content (a gallery, a step-by-step guide).
MAX_CAPTION_LINES, MAX_CAPTION_SHARE = 3, 0.25


@dataclass(slots=True)
class PageContext:
    """What the page says about itself that tells chrome from content."""

    captions: Sequence[str] = ()
    authors: Sequence[str] = ()
    tags: Sequence[str] = ()
    source_patterns: Sequence[str] = ()
    image_texts: Sequence[str] = ()  # alt and title texts of the page's images
    source: str = ""  # the page's HTML, where a line can be looked up as a link's whole text
    description: str | None = None  # the page's declared description (its standfirst)


@dataclass(slots=True)
class CleanResult:
    """Cleaned text and how many lines each rule dropped."""

    text: str
    dropped: Counter[str] = field(default_factory=Counter)


def _words(text: str) -> set[str]:
    return set(comparable(text).split())


def _is_caption(key: str, captions: list[tuple[str, set[str]]]) -> bool:
    words = set(key.split())
    for caption_key, caption_words in captions:
        if key == caption_key:
            return True
        if len(words) >= 6 and caption_words:
            overlap = len(words & caption_words) / max(len(words), len(caption_words))
            if overlap >= CAPTION_OVERLAP:
                return True
    return False


def _is_credit_caption(line: str) -> bool:
    return bool(CREDIT_TAIL.search(line)) and count_words(line) <= 80


def _is_byline(key: str, authors: set[str]) -> bool:
    return bool(authors) and (key in authors or key.removeprefix("by ") in authors)


def _is_tag_line(line: str, key: str, tag_words: set[str]) -> bool:
    words = key.split()
    return len(words) >= 2 and not line.rstrip().endswith((".", "!", "?", '"')) and set(words) <= tag_words


def _match_rule(line: str, word_count: int, rules: Iterable[LineRule]) -> str | None:
    for rule in rules:
        if word_count <= rule.max_words and rule.pattern.search(line):
            return rule.name
    return None


def _repeat_reason(line: str, key: str, images: set[str], description: str) -> str | None:
    """Return why a line the text holds more than once is boilerplate, or None when it is content."""
    if any(rule.pattern.search(line) for rule in PROMO_RULES):
        return "promo.repeated"  # a call to action printed in every block, whatever its length
    if key in images:
        return "dedup.repeated_caption"
    if key == description:
        return "dedup.repeated_standfirst"
    return None


def _drop_boilerplate_repeats(
    kept: list[tuple[str, str]], context: PageContext, dropped: Counter[str]
) -> list[str]:
    """Return the lines without repeats that are boilerplate by evidence; other repeats are content.

    Pages repeat real lines: a meal plan's "Breakfast: …", a song's chorus, table rows, code, recipe
    steps, FAQ answers. A repeat goes only when the page says what it is: a promo line (every copy
    goes), one of its image captions or alt texts, or its declared description (a standfirst printed
    again as the first paragraph); these keep their last occurrence, which sits in the article's flow.
    """
    counts = Counter(key for _, key in kept)
    if all(n == 1 for n in counts.values()):
        return [line for line, _ in kept]
    images = {key for key in map(comparable, (*context.captions, *context.image_texts)) if key}
    description = comparable(context.description or "")
    last_index = {key: i for i, (_, key) in enumerate(kept)}
    result = []
    for i, (line, key) in enumerate(kept):
        if counts[key] > 1 and count_words(key) >= MIN_REPEAT_WORDS:
            reason = _repeat_reason(line, key, images, description)
            if reason is not None and (reason == "promo.repeated" or last_index[key] != i):
                dropped[reason] += 1
                continue
        result.append(line)
    return result


MIN_TEASER_WORDS, MAX_TEASER_LINES, MAX_LINK_LOOKUPS = (
    4,
    15,
    8,
)  # words of a teaser, lines looked at, hits checked
MAX_TEASER_LEAD_WORDS = 4  # a short line inside a trailing teaser run: its heading, date or section
MIN_ARTICLE_LINES, MAX_COMMENT_LINES = 3, 6  # article lines before a thread; lines per comment


def _without_comment_thread(kept: list[tuple[str, str]], dropped: Counter[str]) -> list[tuple[str, str]]:
    """Return the lines before a reader-comment thread: a run of relative time stamps to the text's end.

    Comments carry relative stamps ("Hace 28 minutos", "2 hours ago"); an article's own lines do not.
    Three or more of them, a few lines apart and running to the end of the text after some article
    lines, mark the thread that extractors keep when the page does not label it; other stamps are
    dropped where they stand.
    """
    stamps = [i for i, (line, _) in enumerate(kept) if len(line) <= 80 and RELATIVE_TIME.match(line)]
    if not stamps:
        return kept
    spacing = (stamps[-1] - stamps[0]) / (len(stamps) - 1) if len(stamps) > 1 else len(kept)
    thread = len(stamps) >= MIN_THREAD_STAMPS and spacing <= MAX_COMMENT_LINES
    if thread and stamps[0] >= MIN_ARTICLE_LINES and len(kept) - stamps[-1] <= MAX_COMMENT_LINES:
        dropped["comments.thread"] += len(kept) - stamps[0]
        return kept[: stamps[0]]
    dropped["chrome.relative_time"] += len(stamps)
    positions = set(stamps)
    return [item for i, item in enumerate(kept) if i not in positions]


def _is_link_text(line: str, source: str) -> bool:
    """Say whether line is the whole text of a link in the page's HTML (looked up, not parsed)."""
    words = line.split()
    if len(words) < MIN_TEASER_WORDS or not source:
        return False
    anchor = max(words, key=len)  # the rarest-looking word: str.find is C speed over the page
    start = source.find(anchor)
    for _ in range(MAX_LINK_LOOKUPS):
        if start == -1:
            return False
        begin = max(0, start - len(line) - 100)
        window = SPACES.sub(" ", source[begin : start + len(line) + 100])
        at = window.find(line)
        if (
            at != -1
            and window[:at].rstrip().endswith(">")
            and window[at + len(line) :].lstrip().startswith("<")
        ):
            before = begin + at  # roughly where the line sits in the page (spacing collapsed)
            opened = max(source.rfind("<a ", 0, before), source.rfind("<a>", 0, before))
            if opened > source.rfind("</a>", 0, before):
                return True
        start = source.find(anchor, start + len(anchor))
    return False


def _without_trailing_teasers(
    kept: list[tuple[str, str]], source: str, dropped: Counter[str]
) -> list[tuple[str, str]]:
    """Return the lines without the run of link headlines at the text's end (related-story teasers).

    A line that is the whole text of a link is a headline pointing elsewhere; at the end of the text,
    with only short headings and dates between such lines, it is the related-stories block that
    extractors append. Inside the article such lines stay (lists of resources, linked chapter titles).
    """
    end = len(kept)
    cut = end
    while end > max(len(kept) // 2, len(kept) - MAX_TEASER_LINES):
        line, _ = kept[end - 1]
        if _is_link_text(line, source):
            cut = end - 1
        elif count_words(line) > MAX_TEASER_LEAD_WORDS or cut == len(kept):
            break
        end -= 1
    cut = max(cut, MIN_ARTICLE_LINES)  # a short text of linked lines is a list, not an article and teasers
    if cut >= len(kept):
        return kept
    dropped["promo.teasers"] += len(kept) - cut
    return kept[:cut]


def clean_lines(text: str, context: PageContext | None = None) -> CleanResult:
    """Return text without promo, chrome, caption and repeated lines, counting drops per rule."""
    context = context or PageContext()
    lines = normalize_text(text).split("\n")
    keys = [comparable(line) for line in lines]  # computed once: every test below compares these
    dropped: Counter[str] = Counter()
    source_rules = [
        LineRule(f"source:{pattern}", re.compile(pattern, re.IGNORECASE), 10_000)
        for pattern in context.source_patterns
    ]
    captions = [(comparable(c), _words(c)) for c in context.captions if comparable(c)]
    authors = {comparable(a) for a in context.authors if comparable(a)}
    tag_words = {w for tag in context.tags for w in comparable(tag).split()}
    if captions:
        repeats = sum(_is_caption(key, captions) for key in keys)
        if repeats > max(MAX_CAPTION_LINES, MAX_CAPTION_SHARE * len(lines)):
            captions = []
    kept: list[tuple[str, str]] = []
    for line, key in zip(lines, keys, strict=True):
        word_count = count_words(line)
        reason = _match_rule(line, word_count, source_rules) or _match_rule(line, word_count, LINE_RULES)
        if reason is None and captions and _is_caption(key, captions):
            reason = "caption.repeated"
        if reason is None and _is_credit_caption(line):
            reason = "caption.credit"
        if reason is None and _is_byline(key, authors):
            reason = "chrome.byline"
        if reason is None and tag_words and _is_tag_line(line, key, tag_words):
            reason = "chrome.tags"
        if reason is None and not key:
            reason = "chrome.symbols"
        if reason:
            dropped[reason] += 1
        else:
            kept.append((line, key))
    kept = _without_comment_thread(kept, dropped)
    if context.source:
        kept = _without_trailing_teasers(kept, context.source, dropped)
    return CleanResult("\n".join(_drop_boilerplate_repeats(kept, context, dropped)), dropped)
