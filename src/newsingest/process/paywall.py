"""Paywall and registration stubs: a teaser plus "subscribe to continue" is not the article."""

import re

MAX_STUB_WORDS = 300  # a full article behind the prompt is longer; a teaser is a paragraph or two
PROMPTS = re.compile(
    r"subscribe (now )?to (continue|read|keep reading)|to continue reading|"
    r"(this (article|story|content) is )?(only )?(available|reserved) (only )?(for|to) (subscribers|members)|"
    r"already a (subscriber|member)\?|(sign|log) in to (read|continue)|subscribers only|"
    r"weiterlesen mit|jetzt abonnieren|nur für abonnenten|artikel ist abonnenten vorbehalten|"
    r"abonnez-vous pour|réservé aux abonnés|cet article est réservé|"
    r"suscr[ií]bete para|exclusivo para suscriptores|"
    r"abbonati per continuare|riservato agli abbonati|assine para continuar|exclusivo para assinantes",
    re.IGNORECASE,
)


def is_stub(text: str, word_count: int) -> bool:
    """Return True when text is a short teaser carrying a subscription or sign-in prompt."""
    return word_count <= MAX_STUB_WORDS and PROMPTS.search(text) is not None
