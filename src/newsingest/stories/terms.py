"""The terms an article is placed by: its headline, its lead and the names it mentions, without stop words."""

import re
from functools import lru_cache

WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)
SENTENCE_END = re.compile(r"[.!?:\n]\s*$")
LEAD_WORDS = 80  # the lead says what happened; later paragraphs drift into background
NAME_WORDS = 300  # names (capitalised mid-sentence) are read this far into the text
MAX_TERMS = 40
MIN_LENGTH = 3
MAX_LENGTH = 64  # the index's column; longer runs of letters are not words
TITLE_WEIGHT = 3.0
LEAD_WEIGHT = 1.0
NAME_WEIGHT = 1.5
# Languages whose stop words are always removed: a page's language guess can be wrong or "und".
STOP_LANGUAGES = ("English", "German", "French", "Spanish", "Portuguese", "Italian", "Dutch", "Polish")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Return the lowercase stop words of STOP_LANGUAGES (jusText's lists) and of news pages' chrome."""
    import justext

    words: set[str] = set()
    for language in STOP_LANGUAGES:
        words |= {w.lower() for w in justext.get_stoplist(language)}
    # Words every news page carries whatever the event: weekdays, months, reporting verbs, page chrome.
    words |= {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "said", "says", "told", "according", "reported", "news",
        "read", "share", "subscribe", "newsletter", "follow", "advertisement", "related", "update",
        "updated", "breaking", "report", "staff", "writer", "reporting", "editing", "article", "story",
        "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "januar",
        "februar", "märz", "mai", "juni", "juli", "oktober", "dezember", "sagte", "teilte", "mit",
    }  # fmt: skip
    return frozenset(words)


_ENDS = frozenset(".!?:\n")


def _ends_sentence(gap: str) -> bool:
    return bool(SENTENCE_END.match(gap)) or gap.startswith((". ", "\n", "! ", "? ", ": "))


def _words(text: str) -> list[str]:
    return WORD.findall(text)


def _keep(word: str, stops: frozenset[str]) -> bool:
    return MIN_LENGTH <= len(word) <= MAX_LENGTH and word not in stops


def article_terms(title: str | None, text: str) -> dict[str, float]:
    """Return an article's MAX_TERMS strongest terms and their weights (title, lead and names)."""
    stops = stop_words()
    weights: dict[str, float] = {}
    for word in _words(title or ""):
        lower = word.lower()
        if _keep(lower, stops):
            weights[lower] = weights.get(lower, 0.0) + TITLE_WEIGHT
    body = text[: NAME_WORDS * 12]  # enough characters for NAME_WORDS words
    previous_ends = True
    for position, match in enumerate(WORD.finditer(body)):
        if position >= NAME_WORDS:
            break
        word = match.group()
        lower = word.lower()
        if MIN_LENGTH <= len(lower) <= MAX_LENGTH and lower not in stops:  # _keep, inlined: the hot loop
            if position < LEAD_WORDS:
                weights[lower] = weights.get(lower, 0.0) + LEAD_WEIGHT
            if not previous_ends and word[0].isupper():
                weights[lower] = weights.get(lower, 0.0) + NAME_WEIGHT
        end = match.end()
        # Most words are followed by a space or a comma: only a stop or a newline can end a sentence.
        previous_ends = body[end : end + 1] in _ENDS and _ends_sentence(body[end : end + 3])
    strongest = sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:MAX_TERMS]
    return dict(strongest)
