"""The article's language: a page's own declaration when its function words confirm it, else langdetect."""

from newsingest.extract.language import CONFIRMED_CONFIDENCE, detect_language

GERMAN = (
    "Die Stadt hat am Mittwoch beschlossen, dass der Hafen bis zum Sommer für den Verkehr gesperrt wird. "
    "Nach Angaben der Verwaltung sollen die Arbeiten an der Mauer im Herbst beginnen und mit den Kosten "
    "von rund zwei Millionen Euro aus dem Haushalt des Landes bezahlt werden, wie es in der Mitteilung hieß."
)


def test_a_declared_language_the_text_confirms_is_taken() -> None:
    assert detect_language(GERMAN, "de-DE") == ("de", CONFIRMED_CONFIDENCE)


def test_a_template_s_default_declaration_is_checked_by_langdetect() -> None:
    language, confidence = detect_language(GERMAN, "en-US")
    assert language == "de" and confidence != CONFIRMED_CONFIDENCE
    assert detect_language(GERMAN, "xx")[0] == "de"  # a code langdetect does not know is not taken either
