"""Prose-like text from a language's word lists: headlines, sentences, paragraphs, corrections."""

import random
import re
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType

from sitegen import lexicon_de, lexicon_en, lexicon_fr

SLOT = re.compile(r"\{(\w+)\}")
# Slots filled with drawn numbers rather than listed words, so figures vary between articles.
NUMBERS = {"num": (12, 950), "pct": (2, 40), "year": (2024, 2031), "small": (2, 12)}
# A compiled pattern alternates literal text (str) and slots: (words, capitalise) or (low, high) ranges.
Part = str | tuple[tuple[str, ...], bool] | tuple[int, int]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """One language's slot words and sentence, headline and correction patterns."""

    code: str
    slots: dict[str, tuple[str, ...]]
    sentences: tuple[str, ...]
    headlines: tuple[str, ...]
    correction: str


def _lexicon(code: str, module: ModuleType) -> Lexicon:
    return Lexicon(code, module.SLOTS, module.SENTENCES, module.HEADLINES, module.CORRECTION)


LEXICONS: dict[str, Lexicon] = {
    "en": _lexicon("en", lexicon_en),
    "de": _lexicon("de", lexicon_de),
    "fr": _lexicon("fr", lexicon_fr),
}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@lru_cache(maxsize=512)
def _compile(pattern: str, language: str) -> tuple[Part, ...]:
    # Splitting once per pattern instead of a regex substitution per sentence makes text about 4x faster.
    slots = LEXICONS[language].slots
    pieces = SLOT.split(pattern)
    parts: list[Part] = []
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            if piece:
                parts.append(piece)
        elif piece in NUMBERS:
            parts.append(NUMBERS[piece])
        elif piece.lower() in slots:
            parts.append((slots[piece.lower()], piece[0].isupper()))
        else:
            parts.append("{" + piece + "}")
    return tuple(parts)


def fill(pattern: str, lexicon: Lexicon, rand: random.Random) -> str:
    """Return pattern with every {slot} replaced by a word drawn from the lexicon."""
    draw = rand.random
    out: list[str] = []
    for part in _compile(pattern, lexicon.code):
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part[0], tuple):
            words, capital = part
            word = words[int(draw() * len(words))]
            out.append(_capital(word) if capital else word)
        else:
            low, high = part
            out.append(str(low + int(draw() * (high - low + 1))))
    return _capital("".join(out))


def headline(lexicon: Lexicon, rand: random.Random) -> str:
    """Return a headline."""
    return fill(rand.choice(lexicon.headlines), lexicon, rand)


def paragraphs(lexicon: Lexicon, rand: random.Random, words: int) -> list[str]:
    """Return paragraphs of 2–5 sentences totalling at least words words."""
    result: list[str] = []
    total = 0
    sentences = lexicon.sentences
    while total < words:
        count = 2 + int(rand.random() * 4)
        paragraph = " ".join(
            fill(sentences[int(rand.random() * len(sentences))], lexicon, rand) for _ in range(count)
        )
        total += paragraph.count(" ") + 1
        result.append(paragraph)
    return result
