"""Mojibake repair: whole texts and texts only partly double-encoded, never a sound text changed."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsingest.process.guards import RejectedPageError, check_text, repair_text

GERMAN = (
    "Der 67-Jährige betreibt seit über 40 Jahren eine Auffangstation für Wildvögel. Verletzte Vögel "
    "werden dort gepflegt, bis sie wieder fliegen können. Grundsätzlich fehlt es an Geld und Zeit. "
    "„Wir brauchen Hilfe“, sagt er – und größere Räume."
)


def _cp1252(byte: int) -> str:
    # As browsers and CMSs read windows-1252: its five undefined bytes become the C1 controls.
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def _double(text: str) -> str:
    """Return text's UTF-8 bytes read as windows-1252."""
    return "".join(map(_cp1252, text.encode("utf-8")))


def test_a_text_double_encoded_as_a_whole_is_repaired() -> None:
    assert repair_text(_double(GERMAN)) == GERMAN


def test_a_text_double_encoded_in_part_is_repaired_run_by_run() -> None:
    sentences = GERMAN.split(". ")
    mixed = ". ".join(_double(s) if i % 2 == 0 else s for i, s in enumerate(sentences))
    with pytest.raises(RejectedPageError):
        check_text(mixed)  # as it came: rejected
    repaired = repair_text(mixed)
    assert repaired == GERMAN
    check_text(repaired)


def test_a_sound_text_that_looks_like_a_run_is_left_alone() -> None:
    # "ß" then a no-break space are the bytes of one UTF-8 character read as cp1252; here they are text.
    sound = "Die Straße\u00a0führt zum Fluss. Ärger gibt es keinen. " * 5
    assert repair_text(sound) == sound


# Words of Western European text: letters, accented ones included; punctuation only as its own word,
# as in running text (a letter never touches a dash or a quote mark).
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" + "".join(
    chr(c) for c in range(0xC0, 0x100) if chr(c) not in "×÷"
)
WORDS = st.one_of(
    st.text(alphabet=LETTERS, min_size=1, max_size=12), st.sampled_from(["–", "’", "„", "“", "—"])
)


@given(st.lists(st.tuples(WORDS, st.booleans()), min_size=1, max_size=40))
def test_any_mix_of_sound_and_double_encoded_words_comes_back(parts: list[tuple[str, bool]]) -> None:
    original = unicodedata.normalize("NFC", " ".join(word for word, _ in parts))
    mixed = " ".join(_double(word) if double else word for word, double in parts)
    try:
        check_text(mixed)
    except RejectedPageError:
        assert repair_text(mixed) == original  # a page that would be lost comes back whole
    else:
        assert repair_text(mixed) in (original, unicodedata.normalize("NFC", mixed))


@given(st.lists(WORDS, min_size=1, max_size=40))
def test_repair_never_changes_a_sound_text(words: list[str]) -> None:
    text = " ".join(words)
    assert repair_text(text) == unicodedata.normalize("NFC", text)
