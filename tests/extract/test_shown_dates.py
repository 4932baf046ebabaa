"""Publication days as pages print them under the headline: text-only dates, local days, banners."""

from datetime import date, datetime, time, timedelta

import pytest

from newsingest.extract import extract_article
from newsingest.extract.text_dates import first_date

BODY = "".join(
    f"<p>Paragraph {i} of the report describes the council's decision on the harbour and its budget in"
    " several sentences, so that the extractor keeps it as article text.</p>"
    for i in range(6)
)


def _page(header: str, *, head: str = "", lang: str = "en", before: str = "") -> str:
    return (
        f'<html lang="{lang}"><head><meta property="og:title" content="Harbour plan approved">{head}</head>'
        f"<body>{before}<article><h1>Harbour plan approved</h1>{header}{BODY}</article></body></html>"
    )


@pytest.mark.parametrize(
    ("text", "language", "day", "clock"),
    [
        ("Max Blumenthal The Grayzone Thu, 14 May 2020 17:55 UTC", "en", date(2020, 5, 14), time(17, 55)),
        ("3/09/15 8:00am", "en-US", date(2015, 3, 9), time(8, 0)),
        ("03/05/2022 21:44", "pt-BR", date(2022, 5, 3), time(21, 44)),
        ("opublikowano: 2021-04-29 17:13:04", "pl", date(2021, 4, 29), time(17, 13)),
        ("Германия 15 августа 2016, 13:43", "ru", date(2016, 8, 15), time(13, 43)),
        ("الجمعة 8 فيفري 2019", "ar", date(2019, 2, 8), None),
        ("3 de mayo de 2022\n3 de mayo de 2022\n21:25", "es", date(2022, 5, 3), time(21, 25)),
        ("Von Claudia Riedler 19. Oktober 2019 00:04 Uhr", "de", date(2019, 10, 19), time(0, 4)),
        ("lundi 9 décembre 2019 à 09h08", "fr", date(2019, 12, 9), time(9, 8)),
        ("Dec. 6, 2024, 10:00 PM UTC", "en", date(2024, 12, 6), time(22, 0)),
        ("2020年5月14日", "ja", date(2020, 5, 14), None),
        ("2023년 11월 7일 09:00", "ko", date(2023, 11, 7), time(9, 0)),
        ("2020. október 7.", "hu", date(2020, 10, 7), None),
        ("19.2.2020 klo 14.00", "fi", date(2020, 2, 19), time(14, 0)),
    ],
)
def test_printed_dates_are_read_in_many_languages(
    text: str, language: str, day: date, clock: time | None
) -> None:
    found = first_date(text, language)
    assert found is not None and (found.day, found.clock) == (day, clock)


def test_version_numbers_and_bare_numbers_are_no_dates() -> None:
    assert first_date("version 1.2.3 of the library, 42 pages") is None


def test_a_date_printed_under_the_headline_is_the_publication_day() -> None:
    article = extract_article(_page("<div>Max Blumenthal<br>Thu, 14 May 2020 17:55 UTC</div>"))
    assert article is not None and article.published_at is not None
    assert article.published_at.date() == date(2020, 5, 14) and article.date_source == "visible"
    us = extract_article(_page('<span class="publish-time">3/09/15 8:00am</span>', lang="en-US"))
    assert us is not None and us.published_at is not None and us.published_at.date() == date(2015, 3, 9)


def test_a_banner_with_today_s_date_above_the_headline_is_not_the_article_s() -> None:
    banner = "<header><span>Wydrukowano: 2021-05-11 22:22:17</span></header>"
    article = extract_article(_page("<p>opublikowano: 2021-04-29 17:13:04</p>", before=banner, lang="pl"))
    assert article is not None and article.published_at is not None
    assert article.published_at.date() == date(2021, 4, 29)


def test_the_date_of_a_byline_naming_a_person_comes_first() -> None:
    header = "<nav><span>jueves, 09 enero 2014 10:21</span></nav>"
    byline = '<p class="autor"><strong>Patricio Candia</strong> | Palma de Mallorca | 08/01/2014</p>'
    article = extract_article(_page(header + byline, lang="es"))
    assert article is not None and article.published_at is not None
    assert article.published_at.date() == date(2014, 1, 8)


def test_hidden_dates_are_not_read() -> None:
    header = '<div style="display: none">miércoles, 11 mayo 2022 04:10</div><p>Por Ana Soto, 10 de mayo de 2022</p>'
    article = extract_article(_page(header, lang="es"))
    assert article is not None and article.published_at is not None
    assert article.published_at.date() == date(2022, 5, 10)


def test_a_utc_declaration_takes_the_local_day_the_page_prints() -> None:
    head = '<meta property="article:published_time" content="2022-05-04T00:44:52Z">'
    article = extract_article(
        _page("<ul><li>Brasília</li><li>03/05/2022 21:44</li></ul>", head=head, lang="pt-BR")
    )
    assert article is not None and article.published_at is not None
    assert article.published_at == datetime.fromisoformat("2022-05-04T00:44:52+00:00")  # the same moment
    assert article.published_at.utcoffset() == timedelta(hours=-3)
    assert article.published_at.date() == date(2022, 5, 3) and article.date_source == "page"
    # A printed time that is no whole quarter hour away (an update's time) leaves the declaration alone.
    update = extract_article(_page("<p>03/05/2022 21:37</p>", head=head, lang="pt-BR"))
    assert update is not None and update.published_at is not None
    assert update.published_at.utcoffset() == timedelta(0)


def test_a_bare_declared_day_far_from_the_printed_one_gives_way() -> None:
    head = '<meta name="og:article:published_time" content="2022-01-15">'
    article = extract_article(
        _page(
            '<span>Erscheinungsdatum</span> <time datetime="2022-01-25">25.01.2022</time>',
            head=head,
            lang="de",
        )
    )
    assert article is not None and article.published_at is not None
    assert article.published_at.date() == date(2022, 1, 25) and article.date_source == "visible"
    timed = extract_article(
        _page(
            '<time datetime="2022-01-25">25.01.2022</time>',
            head=head.replace("2022-01-15", "2022-01-15T08:00:00+01:00"),
        )
    )
    assert (
        timed is not None
        and timed.published_at is not None
        and timed.published_at.date() == date(2022, 1, 15)
    )
