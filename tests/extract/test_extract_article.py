"""extract_article: the public entry point, on the seed pages and on pages with no article."""

from datetime import date

from tests.fixtures.regenerate import GOLDEN

from newsingest.extract import extract_article
from newsingest.sources import CleaningRules

PROMO = "Join our brand new verified AMN Telegram channel"


def test_amn_seed_article_is_clean() -> None:
    article = extract_article((GOLDEN / "amn-drones.html").read_text(encoding="utf-8"))
    assert article is not None
    assert article.title == "2 suicide drones shot down while trying to attack US troops in Iraq"
    assert article.published_at is not None and article.published_at.date() == date(2022, 1, 3)
    assert article.published_at.utcoffset() is not None
    assert article.language == "en" and article.authors == ["Ryan Morgan"]
    assert article.text.startswith("Two explosive-laden drones were shot down on Monday")
    assert PROMO not in article.text
    assert "Cpl. Gabino Perez" not in article.text  # the photo caption, repeated in the body
    assert "Tags:" not in article.text and "Subscribe" not in article.text
    assert article.dropped["promo.join_channel"] == 1


def test_k24_seed_article_is_clean() -> None:
    article = extract_article((GOLDEN / "k24-drones.html").read_text(encoding="utf-8"))
    assert article is not None
    assert article.text.startswith("ERBIL (Kurdistan 24) – US-led anti-ISIS coalition personnel")
    for chrome in ("Read More", "author_image", "Photo: AFP", "Qassim Soleimani\n", "date 2022-01-03"):
        assert chrome not in article.text
    assert (
        article.published_at is not None and article.published_at.isoformat() == "2022-01-03T11:42:00+03:00"
    )


def test_source_selectors_remove_elements_and_are_counted() -> None:
    html = (GOLDEN / "telegram-alerts.html").read_text(encoding="utf-8")
    plain = extract_article(html)
    assert plain is not None
    first_paragraph = plain.text.split("\n")[0]
    rules = CleaningRules(drop_selectors=["article p:first-of-type", ".nothing-matches"])
    trimmed = extract_article(html, rules=rules)
    assert trimmed is not None and first_paragraph not in trimmed.text
    assert trimmed.dropped.get("selector:article p:first-of-type", 0) >= 1


def test_pages_without_an_article_give_none() -> None:
    assert extract_article("<html><body></body></html>") is None
    assert (
        extract_article("<html><head><script>app()</script></head><body><div id=root></div></body></html>")
        is None
    )
