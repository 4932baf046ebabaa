"""The headline as the page shows it, from real page shapes: inner elements, ruby, h2s, slugs, wrappers."""

import json

from newsingest.extract import extract_article

BODY = "".join(
    f"<p>Paragraph {i} of the report describes the council's decision on the harbour and its budget in"
    " several sentences, so that the extractor keeps it as article text.</p>"
    for i in range(6)
)


def _page(head: str, header: str) -> str:
    return f"<html><head>{head}</head><body><article>{header}{BODY}</article></body></html>"


def _title(head: str, header: str, url: str | None = None) -> str | None:
    article = extract_article(_page(head, header), url=url)
    assert article is not None
    return article.title


def test_a_byline_inside_the_h1_is_left_out() -> None:
    head = '<meta property="og:title" content="米朝首脳直通電話　習氏に挑むトランプ戦術の成否（写真＝ロイター）">'
    h1 = "<h1><span>米朝首脳直通電話　習氏に挑むトランプ戦術の成否</span><br/><span>編集委員　中沢克二</span></h1>"
    assert _title(head, h1) == "米朝首脳直通電話 習氏に挑むトランプ戦術の成否"


def test_an_h1_printed_in_one_run_is_the_headline_even_when_the_declared_one_is_shorter() -> None:
    head = '<meta property="og:title" content="Jest zgoda PE na umowę handlową między UE a Londynem">'
    h1 = "<h1>Jest zgoda PE na umowę handlową między UE a Londynem. Michel: Wielka Brytania zostanie</h1>"
    assert (
        _title(head, h1)
        == "Jest zgoda PE na umowę handlową między UE a Londynem. Michel: Wielka Brytania zostanie"
    )


def test_ruby_readings_are_not_part_of_the_headline() -> None:
    head = "<title>NEWS WEB EASY|子どもへの体罰を禁止する法律ができる</title>"
    h1 = "<h1><ruby>子<rt>こ</rt></ruby>どもへの<ruby>体罰<rt>たいばつ</rt></ruby>を禁止する法律ができる</h1>"
    assert _title(head, h1) == "子どもへの体罰を禁止する法律ができる"


def test_another_declared_title_finds_the_h1_when_the_first_is_a_cms_name() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "escenic"}</script>'
        """<meta property="og:title" content="Plumber jailed after boiler killed millionaire's daughter">"""
    )
    h1 = "<h1>Plumber jailed after boiler killed millionaire's daughter</h1>"
    assert _title(head, h1) == "Plumber jailed after boiler killed millionaire's daughter"


def test_the_h1_the_url_was_named_after_wins_over_a_different_seo_title() -> None:
    head = '<meta property="og:title" content="The Future of Artificial Intelligence in Healthcare | Appen">'
    h1 = "<h1>Machine Learning Industry News: AI in Patient Care and How Hospitals Use AI</h1>"
    url = "https://appen.example/blog/machine-learning-industry-news-ai-in-patient-care-and-how-hospitals-use-ai/"
    assert (
        _title(head, h1, url) == "Machine Learning Industry News: AI in Patient Care and How Hospitals Use AI"
    )
    assert (
        _title(head, h1, "https://appen.example/blog/2019/10/")
        == "The Future of Artificial Intelligence in Healthcare"
    )


def test_a_blog_s_h2_is_the_headline_when_its_h1_is_the_site_greeting() -> None:
    head = "<title>Get your Frontend JavaScript Code Covered | Code | Nicolas Perriault</title>"
    header = "<h1>Hi, I'm <strong>Nicolas.</strong></h1><h2><a href='/c/1'>Get your Frontend JavaScript Code Covered</a></h2>"
    assert _title(head, header) == "Get your Frontend JavaScript Code Covered"


def test_a_site_name_holding_a_separator_is_cut_whole() -> None:
    head = (
        '<meta property="og:title" content="Pour le néolibéralisme, la retraite est un archaïsme'
        ' | AOC media - Analyse Opinion Critique">'
        '<meta property="og:site_name" content="AOC media - Analyse Opinion Critique">'
    )
    assert _title(head, "<h1>Opinion</h1>") == "Pour le néolibéralisme, la retraite est un archaïsme"


def test_json_ld_in_a_cdata_wrapper_or_inside_a_web_page_is_read() -> None:
    data = {
        "@type": "NewsArticle",
        "headline": "The Deck of Cards That Made Tarot Global",
        "datePublished": "2015-07-10T09:53:00-04:00",
    }
    wrapped = f'<script type="application/ld+json"><![CDATA[ {json.dumps(data)} ]]></script>'
    head = wrapped + '<meta property="og:title" content="If You Can Picture A Tarot Card">'
    article = extract_article(_page(head, "<h1>See Fewer Ads</h1>"))
    assert article is not None and article.title == "The Deck of Cards That Made Tarot Global"
    assert (
        article.published_at is not None and article.published_at.isoformat() == "2015-07-10T09:53:00-04:00"
    )
    page = {"@type": "WebPage", "name": "Site", "mainEntity": data}
    nested = f'<script type="application/ld+json">{json.dumps(page)}</script>'
    article = extract_article(_page(nested, ""))
    assert article is not None and article.title == "The Deck of Cards That Made Tarot Global"


def test_the_h1_the_page_title_repeats_wins_over_a_different_social_title() -> None:
    head = (
        '<meta property="og:title" content="Schudł 125 kilogramów! Przez rok odmawiał sobie tylko jednego">'
        "<title>Angus Barbieri. Nie jadł przez 382 dni - Menway w INTERIA.PL</title>"
    )
    assert (
        _title(head, "<h1>Angus Barbieri. Nie jadł przez 382 dni</h1>")
        == "Angus Barbieri. Nie jadł przez 382 dni"
    )
    # A logo h1 that is only the <title>'s site-name part is no headline.
    logo = "<title>Zhi Neng Xiang Nian Ni - Jam Hsiao Jing Teng | Chinese Pinyin Lyrics</title>"
    head = '<meta property="og:title" content="Zhi Neng Xiang Nian Ni - Jam Hsiao Jing Teng">' + logo
    assert _title(head, "<h1>Chinese Pinyin Lyrics</h1>") == "Zhi Neng Xiang Nian Ni - Jam Hsiao Jing Teng"


def test_quotation_marks_are_no_separators_and_an_h1_s_site_suffix_goes() -> None:
    head = '<meta property="og:title" content="«Gute Löhne alleine reichen nicht» | Volksstimme">'
    head += '<meta property="og:site_name" content="Volksstimme">'
    assert _title(head, "<h1>Politik</h1>") == "«Gute Löhne alleine reichen nicht»"
    head = '<meta property="og:title" content="EU-Taxonomie: Atomkraft ist nicht nachhaltig">'
    head += '<meta property="og:site_name" content="Umweltbundesamt">'
    h1 = "<h1>EU-Taxonomie: Atomkraft ist nicht nachhaltig | Umweltbundesamt</h1>"
    assert _title(head, h1) == "EU-Taxonomie: Atomkraft ist nicht nachhaltig"
