"""Titles as the page shows them and authors as people, on small pages built like real ones."""

import json
from datetime import UTC, date, datetime

import pytest

from newsingest.extract import extract_article

BODY = "".join(
    f"<p>Paragraph {i} of the report describes the council's decision on the harbour and its budget in"
    " several sentences, so that the extractor keeps it as article text.</p>"
    for i in range(6)
)


def page(
    *,
    title_tag: str = "",
    og_title: str = "",
    site_name: str = "",
    h1: str = "",
    authors: object = None,
    byline: str = "",
    published: str = "",
    extra_head: str = "",
    before: str = "",
) -> str:
    """Return an article page with the given declarations."""
    head = f"<title>{title_tag}</title>" if title_tag else ""
    if og_title:
        head += f'<meta property="og:title" content="{og_title}">'
    if site_name:
        head += f'<meta property="og:site_name" content="{site_name}">'
    if authors is not None or published:
        data: dict[str, object] = {"@type": "NewsArticle"}
        if authors is not None:
            data["author"] = authors
        if published:
            data["datePublished"] = published
        head += f'<script type="application/ld+json">{json.dumps(data)}</script>'
    heading = f"<h1>{h1}</h1>" if h1 else ""
    return (
        f"<html><head>{head}{extra_head}</head><body>{before}<article>{heading}{byline}{BODY}"
        "</article></body></html>"
    )


@pytest.mark.parametrize(
    ("og_title", "site_name", "url", "expected"),
    [
        ("Harbour plan approved - La Stampa", "", "https://www.lastampa.it/x/1", "Harbour plan approved"),
        ("Harbour plan approved | Mindmegette.hu", "Mindmegette", None, "Harbour plan approved"),
        ("Coastline Daily: Harbour plan approved", "Coastline Daily", None, "Harbour plan approved"),
        ("Harbour plan approved -- Puppet Masters -- Sott.net", "", "https://www.sott.net/a/1", None),
        ("Harbour plan: approved", "Coastline Daily", None, "Harbour plan: approved"),
    ],
)
def test_site_name_affixes_leave_the_title(
    og_title: str, site_name: str, url: str | None, expected: str | None
) -> None:
    article = extract_article(page(og_title=og_title, site_name=site_name), url=url)
    assert article is not None
    # A section between headline and site name stays when nothing says it is the site.
    assert article.title == (expected or "Harbour plan approved -- Puppet Masters")


def test_the_h1_is_the_title_when_it_is_the_declared_headline() -> None:
    cases = [
        # typographic quotes on the page, straight ones in the declaration
        ("Mayor's “plan” approved", "Mayor's &quot;plan&quot; approved", None),
        # the declaration glues a date or the site to the headline
        (
            "So viel Regen gab es lange nicht",
            "So viel Regen gab es lange nicht : 31.10.2023, 10.19 Uhr",
            None,
        ),
        ("短缺药品保供稳价 全力保障临床用药需求", "", None),
        # the declared title was cut to a length limit
        (
            "Sanna Marin tapasi Angela Merkelin: Myös Saksa haluaa pitää kiinni maataloustuista ja tuista",
            "Sanna Marin tapasi Angela Merkelin: Myös Saksa haluaa pitää kiinni maataloustuista ja",
            None,
        ),
    ]
    for h1, og_title, expected in cases:
        title_tag = "短缺药品保供稳价 全力保障临床用药需求-新华网" if not og_title else ""
        article = extract_article(page(h1=h1, og_title=og_title, title_tag=title_tag))
        assert article is not None
        assert article.title == (expected or h1)


def test_an_h1_that_names_the_site_or_adds_a_subtitle_is_not_the_title() -> None:
    logo = extract_article(
        page(h1="POLITICO", og_title="Meadows accused of timing retirement", site_name="POLITICO")
    )
    assert logo is not None and logo.title == "Meadows accused of timing retirement"
    subtitle = extract_article(
        page(
            h1="Schneesport mit Rücksicht auf Wildtiere <span>Verhaltenstipps</span>",
            og_title="Schneesport mit Rücksicht auf Wildtiere",
        )
    )
    assert subtitle is not None and subtitle.title == "Schneesport mit Rücksicht auf Wildtiere"


def test_title_entities_are_decoded() -> None:
    article = extract_article(page(og_title="Caf&amp;eacute; owners &#8216;relieved&#8217; &amp; calm"))
    assert article is not None and article.title == "Café owners ‘relieved’ & calm"


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("Anna Müller und Peter Schmidt", ["Anna Müller", "Peter Schmidt"]),
        ("Kari Nordmann og Ola Nordmann", ["Kari Nordmann", "Ola Nordmann"]),
        ("Par Jean Dupont et Marie Curie", ["Jean Dupont", "Marie Curie"]),
        ("Juan Pérez y María López", ["Juan Pérez", "María López"]),
        ("Mario Rossi e Luca Bianchi", ["Mario Rossi", "Luca Bianchi"]),
        ("Jan Kowalski i Anna Nowak", ["Jan Kowalski", "Anna Nowak"]),
        (
            "Dana A. Ford, Chien-Ming Wang, and Tom Watkins, CNN",
            ["Dana A. Ford", "Chien-Ming Wang", "Tom Watkins"],
        ),
        ("Jane Doe & John Roe", ["Jane Doe", "John Roe"]),
        (["Bruno Wendel bruno.cardoso@redebahia.com.br"], ["Bruno Wendel"]),
        (["Max Muster (obe)"], ["Max Muster"]),
        (["(dpa)"], []),
        (["Redaktion"], []),
        (["Redakcja Forsal.pl"], []),
        (["CNN Wire"], []),
        (["unocero - Alberto Ávila"], ["Alberto Ávila"]),
        (["Joe S."], ["Joe S."]),
        (["anónimo"], []),
        (["'Luana Patriolino, Raphael Felice'"], ["Luana Patriolino", "Raphael Felice"]),
        (["By Glen Owen And Brendan Carlin For The Mail On Sunday"], ["Glen Owen", "Brendan Carlin"]),
        (["Markus M. Haefliger, London, Beat Bumbacher"], ["Markus M. Haefliger", "Beat Bumbacher"]),
        (["Patricio Candia | Palma de Mallorca | 08/01/2014"], ["Patricio Candia"]),
        (["No Author"], []),
        (["Zespół wPolityce.pl"], []),
        (["red, wien.ORF.at/Agenturen"], []),
        (["Фото из Инстаграма Лукаша Подольски"], []),
        (["Submitted on Mon, 12 Sep 2016 - 14:40"], []),
    ],
)
def test_authors_are_people(declared: object, expected: list[str]) -> None:
    site = "unocero" if "unocero" in str(declared) else "CNN"
    article = extract_article(page(og_title="Harbour plan approved", site_name=site, authors=declared))
    assert article is not None
    assert article.authors == expected


def test_an_outlet_as_declared_author_leaves_the_byline_to_name_people() -> None:
    html = page(
        og_title="Harbour plan approved",
        site_name="El Mostrador",
        authors={"@type": "Organization", "name": "El Mostrador"},
        byline='<div class="article-byline">Por Raúl Espina y Ana Soto</div>',
        before='<div class="comments"><span class="comment-author">Alcalino</span></div>',
    )
    article = extract_article(html)
    assert article is not None and article.authors == ["Raúl Espina", "Ana Soto"]


def _time(value: str) -> str:
    return f'<time datetime="{value}">shown date</time>'


def test_the_page_date_wins_over_a_feed_date_more_than_a_day_away() -> None:
    feed = datetime(2024, 3, 10, 6, 0, tzinfo=UTC)
    shown = extract_article(
        page(og_title="Harbour plan", byline=_time("2024-03-05T09:00:00+01:00")), hint_published_at=feed
    )
    assert shown is not None and shown.published_at is not None
    assert shown.published_at.date() == date(2024, 3, 5) and shown.date_source == "visible"
    close = extract_article(
        page(og_title="Harbour plan", byline=_time("2024-03-09T22:00:00+00:00")), hint_published_at=feed
    )
    assert close is not None and close.published_at == feed and close.date_source == "feed"
    declared = extract_article(
        page(og_title="Harbour plan", published="2024-03-01T08:00:00Z"), hint_published_at=feed
    )
    assert declared is not None and declared.published_at is not None
    assert declared.published_at.date() == date(2024, 3, 1) and declared.date_source == "page"


def test_a_feed_date_stays_when_the_page_shows_none() -> None:
    feed = datetime(2024, 3, 10, 6, 0, tzinfo=UTC)
    article = extract_article(page(og_title="Harbour plan"), hint_published_at=feed)
    assert article is not None and article.published_at == feed and article.date_source == "feed"


def test_rfc_2822_declared_dates_are_read() -> None:
    rfc = extract_article(page(og_title="Harbour plan", published="Wed, 04 May 2022 02:41:00 GMT"))
    assert rfc is not None and rfc.published_at == datetime(2022, 5, 4, 2, 41, tzinfo=UTC)
    assert rfc.date_source == "page"


def _byline_page(byline: str, *, site_name: str = "Attac France", head: str = "") -> str:
    return page(og_title="Harbour plan approved", site_name=site_name, byline=byline, extra_head=head)


def test_bylines_of_asides_teasers_and_cards_are_not_the_article_s() -> None:
    aside = '<aside><p class="sender-text">Beküldő: <span class="author">Ica Kovács</span></p></aside>'
    card = (
        '<ul><li class="article-list__item"><article class="card"><a href="/b">Other story</a>'
        '<span class="e-byline"><a rel="author" href="/authors/p/">By Poppie Platt</a></span></article></li></ul>'
    )
    for byline in (
        aside,
        card,
        '<div class="teaser-item-list"><span class="autor">Autor: Gàbor Muniér</span></div>',
    ):
        article = extract_article(_byline_page(byline))
        assert article is not None and article.authors == [], byline


def test_a_byline_naming_the_outlet_ends_the_search() -> None:
    byline = (
        '<div class="publication">, par <span class="authors">Attac France</span></div>'
        '<p><a href="/x">Other story <small>(<span class="vcard author">Les Amis de la Terre</span>)</small></a></p>'
    )
    article = extract_article(_byline_page(byline))
    assert article is not None and article.authors == []


def test_the_author_meta_tag_completes_a_json_ld_author() -> None:
    head = '<meta name="author" content="April Roach, Daniel O\'Mahony">'
    html = page(
        og_title="Harbour plan approved", authors={"@type": "Person", "name": "April Roach"}, extra_head=head
    )
    article = extract_article(html)
    assert article is not None and article.authors == ["April Roach", "Daniel O'Mahony"]


def test_drupal_submitted_lines_and_staff_links_name_the_author() -> None:
    submitted = '<ul><li class="submitted">Author: Gàbor Muniér, Datum: 03.Mär.19</li></ul>'
    staff = '<dl><dt>Auteur</dt><dd><a href="https://example.org/fr/staff/uriel-gadessaud/">Uriel Gadessaud</a></dd></dl>'
    for byline, name in ((submitted, "Gàbor Muniér"), (staff, "Uriel Gadessaud")):
        article = extract_article(_byline_page(byline, site_name="Le Grand Continent"))
        assert article is not None and article.authors == [name]


def test_the_author_meta_tag_names_people_when_json_ld_names_only_an_account() -> None:
    head = '<meta name="author" content="Edilson La Rosa">'
    html = page(og_title="Harbour plan approved", authors=["edilson.la.rosa"], extra_head=head)
    article = extract_article(html)
    assert article is not None and article.authors == ["Edilson La Rosa"]
    # An outlet in JSON-LD, the outlet and its city in the meta tag: the byline names the person.
    places = page(
        og_title="Harbour plan approved",
        site_name="SPIEGEL ONLINE",
        authors={"@type": "Organization", "name": "SPIEGEL ONLINE"},
        extra_head='<meta name="author" content="SPIEGEL ONLINE, Hamburg, Germany">',
        byline='<div class="byline">Von Clemens Höges</div>',
    )
    article = extract_article(places)
    assert article is not None and article.authors == ["Clemens Höges"]
