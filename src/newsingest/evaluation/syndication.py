"""Syndicated copies made from a real text: what republishing outlets change around a wire story."""

import random
from collections.abc import Callable
from dataclasses import dataclass, replace

NAMES = ["Jane Roe", "Omar Haddad", "Lena Vogt", "Carlos Ruiz", "Mei Lin", "Tom Baker", "Ana Sousa"]
DATELINES = ["LONDON (Reuters)", "BERLIN (dpa)", "PARIS (AFP)", "NEW YORK (AP)", "MADRID (EFE)", "DUBAI"]
HEADLINE_PREFIXES = ["UPDATE 2: ", "Report: ", "WATCH: ", "Breaking: ", ""]
BOILERPLATE_TOP = [
    "Follow us on Telegram for the latest updates.",
    "Listen to this article",
    "Advertisement",
    "Subscribe to our daily newsletter and never miss a story.",
]
BOILERPLATE_BOTTOM = [
    "© 2022 All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "Share this article: Facebook Twitter WhatsApp Email",
    "Got a news tip? Write to our newsroom.",
    "Related coverage: read more stories from our world desk.",
]
EXTENSIONS = [
    "This article originally appeared on a partner site and is republished with permission.",
    "Additional reporting by our correspondents. Editing by the news desk.",
    "The story has been updated with further details since it was first published.",
]


@dataclass(frozen=True, slots=True)
class Copy:
    """A text with its headline, as one outlet publishes it."""

    title: str
    text: str


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def headline(copy: Copy, rng: random.Random) -> Copy:
    """Give the copy another headline: a prefix, or the first words of the lead."""
    lead = _paragraphs(copy.text)[0].split()
    if rng.random() < 0.5 and len(lead) > 6:
        return replace(copy, title=" ".join(lead[: rng.randint(6, min(12, len(lead)))]).rstrip(",.:;"))
    return replace(copy, title=rng.choice(HEADLINE_PREFIXES) + copy.title)


def dateline(copy: Copy, rng: random.Random) -> Copy:
    """Put a dateline before the first paragraph."""
    paragraphs = _paragraphs(copy.text)
    paragraphs[0] = f"{rng.choice(DATELINES)} – {paragraphs[0]}"
    return replace(copy, text="\n".join(paragraphs))


def byline(copy: Copy, rng: random.Random) -> Copy:
    """Put a byline line at the top."""
    return replace(copy, text=f"By {rng.choice(NAMES)}, staff writer\n{copy.text}")


def trim(copy: Copy, rng: random.Random) -> Copy:
    """Cut the ending: the last paragraphs, up to a fifth of the words."""
    paragraphs = _paragraphs(copy.text)
    budget = sum(len(p.split()) for p in paragraphs) * rng.uniform(0.08, 0.2)
    while len(paragraphs) > 2 and len(paragraphs[-1].split()) <= budget:
        budget -= len(paragraphs.pop().split())
    return replace(copy, text="\n".join(paragraphs))


def extend(copy: Copy, rng: random.Random) -> Copy:
    """Add an ending of the outlet's own: a note on where the story came from."""
    return replace(copy, text=f"{copy.text}\n{rng.choice(EXTENSIONS)}")


def edit(copy: Copy, rng: random.Random) -> Copy:
    """Change one paragraph: an editor cuts its second half and rewords a few words."""
    paragraphs = _paragraphs(copy.text)
    if len(paragraphs) < 3:
        return copy
    index = rng.randrange(1, len(paragraphs) - 1)
    words = paragraphs[index].split()
    kept = words[: max(4, len(words) // 2)]
    for _ in range(max(1, len(kept) // 8)):
        kept[rng.randrange(len(kept))] = rng.choice(["also", "reportedly", "then", "however"])
    paragraphs[index] = " ".join(kept)
    return replace(copy, text="\n".join(paragraphs))


def boilerplate(copy: Copy, rng: random.Random) -> Copy:
    """Surround the text with the outlet's chrome: promo lines above, share and copyright lines below."""
    top = rng.sample(BOILERPLATE_TOP, rng.randint(1, 2))
    bottom = rng.sample(BOILERPLATE_BOTTOM, rng.randint(1, 3))
    return replace(copy, text="\n".join([*top, copy.text, *bottom]))


OPS: dict[str, Callable[[Copy, random.Random], Copy]] = {
    "headline": headline,
    "dateline": dateline,
    "byline": byline,
    "trim": trim,
    "extend": extend,
    "edit": edit,
    "boilerplate": boilerplate,
}


def make_copy(title: str, text: str, ops: list[str], seed: int) -> Copy:
    """Apply ops in order to (title, text) with a random generator seeded by seed."""
    rng = random.Random(seed)
    copy = Copy(title, text)
    for op in ops:
        copy = OPS[op](copy, rng)
    return copy
