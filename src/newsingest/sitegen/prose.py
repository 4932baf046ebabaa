"""Prose-like text from a language's word lists: headlines, sentences, paragraphs, corrections."""

import random
import re
from dataclasses import dataclass
from types import ModuleType

from newsingest.sitegen import lexicon_de, lexicon_en, lexicon_fr

SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """One language's slot words and sentence, headline and correction patterns."""

    slots: dict[str, tuple[str, ...]]
    sentences: tuple[str, ...]
    headlines: tuple[str, ...]
    correction: str


def _lexicon(module: ModuleType) -> Lexicon:
    return Lexicon(module.SLOTS, module.SENTENCES, module.HEADLINES, module.CORRECTION)


LEXICONS: dict[str, Lexicon] = {
    "en": _lexicon(lexicon_en),
    "de": _lexicon(lexicon_de),
    "fr": _lexicon(lexicon_fr),
}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def fill(pattern: str, lexicon: Lexicon, rand: random.Random) -> str:
    """Return pattern with every {slot} replaced by a word drawn from the lexicon."""

    def pick(match: re.Match[str]) -> str:
        name = match.group(1)
        # Numbers are drawn rather than listed so figures vary from article to article.
        if name == "num":
            return str(rand.randint(12, 950))
        if name == "pct":
            return str(rand.randint(2, 40))
        if name == "year":
            return str(rand.randint(2024, 2031))
        if name == "small":
            return str(rand.randint(2, 12))
        words = lexicon.slots.get(name.lower())
        if words is None:
            return match.group(0)
        word = rand.choice(words)
        return _capital(word) if name[0].isupper() else word

    return _capital(SLOT.sub(pick, pattern))


def headline(lexicon: Lexicon, rand: random.Random) -> str:
    """Return a headline."""
    return fill(rand.choice(lexicon.headlines), lexicon, rand)


def paragraphs(lexicon: Lexicon, rand: random.Random, words: int) -> list[str]:
    """Return paragraphs of 2–5 sentences totalling at least words words."""
    result: list[str] = []
    total = 0
    while total < words:
        sentences = [fill(rand.choice(lexicon.sentences), lexicon, rand) for _ in range(rand.randint(2, 5))]
        paragraph = " ".join(sentences)
        total += paragraph.count(" ") + 1
        result.append(paragraph)
    return result
