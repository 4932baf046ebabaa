"""MinHash bands and the near-copy check: copies with chrome, trims and edits meet; other texts do not."""

from newsingest.dedup.minhash import BANDS, bands, shingles, signature, text_bands
from newsingest.dedup.neardup import near_copy

TEXT = "\n".join(
    f"Paragraph {p}: " + " ".join(f"word{p}x{i} event{i % 7} place{(p * i) % 11}" for i in range(25))
    for p in range(6)
)


def test_bands_are_stable_and_a_copy_with_chrome_meets_its_original() -> None:
    assert text_bands(TEXT) == text_bands(TEXT) and len(text_bands(TEXT)) == BANDS
    copy = "Follow us on Telegram\nBy Jane Roe\n" + TEXT.rsplit("\n", 1)[0] + "\nShare this article"
    assert set(text_bands(copy)) & set(text_bands(TEXT))
    assert near_copy(shingles(copy), shingles(TEXT)) is not None


def test_other_texts_share_no_band_and_are_not_copies() -> None:
    other = TEXT.replace("word", "term").replace("event", "topic")
    assert not set(text_bands(other)) & set(text_bands(TEXT))
    assert near_copy(shingles(other), shingles(TEXT)) is None
    assert near_copy(set(), shingles(TEXT)) is None
    assert len(bands(signature(set()))) == BANDS
