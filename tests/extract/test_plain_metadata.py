"""Extraction output is what it says: metadata unescaped and free of markup, no NUL or lone surrogate."""

import json
import re
from dataclasses import fields

from hypothesis import given, settings
from hypothesis import strategies as st

from newsingest.extract import ExtractedArticle, extract_article

BODY = "".join(
    f"<p>{sentence}</p>"
    for sentence in (
        "The Millbrook City Council voted 6–1 on Wednesday night to approve the renovation of the library.",
        "Work on the Riverside Branch starts in May and is expected to take eighteen months, officials said.",
        "The branch will stay open during the first phase, with a temporary reading room in the community hall.",
        "Residents who spoke at the meeting asked for longer opening hours and more space for study groups.",
    )
)
# Controls other than newline and tab, and UTF-16 surrogates: neither may leave extraction.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _page(json_ld: dict[str, object], head: str = "", header: str = "", body: str = BODY) -> str:
    return (
        f'<html><head><script type="application/ld+json">{json.dumps(json_ld)}</script>{head}</head>'
        f"<body><header>{header}</header><article>{body}</article></body></html>"
    )


def _strings(article: ExtractedArticle) -> list[str]:
    values: list[str] = []
    for f in fields(article):
        value = getattr(article, f.name)
        if isinstance(value, str):
            values.append(value)
        elif isinstance(value, list | dict):
            values.extend(value)
    return values


def _assert_safe(article: ExtractedArticle) -> None:
    for value in _strings(article):
        assert not UNSAFE.search(value), value


def test_json_ld_entities_and_markup_become_plain_text() -> None:
    article = extract_article(
        _page(
            {
                "@type": "NewsArticle",
                "headline": "Forscher wollen Tumore zerst&ouml;ren: <b>Durchbruch</b> &amp;amp; Hoffnung",
                "description": "It&#8217;s the <em>council&#8217;s</em> biggest project in a decade &amp;amp; it starts in May.",
                "author": [
                    {"@type": "Person", "name": "<b>Jane</b> Do&euml;"},
                    {"name": "Sam O&#8217;Brien"},
                ],
                "keywords": "Caf&eacute;s, <i>Libraries</i>, Town &amp;amp; Country",
                "publisher": {"@type": "Organization", "name": "Millbrook &amp;amp; District Gazette"},
            }
        )
    )
    assert article is not None
    assert article.title == "Forscher wollen Tumore zerstören: Durchbruch & Hoffnung"
    assert article.description == "It’s the council’s biggest project in a decade & it starts in May."
    assert article.authors == ["Jane Doë", "Sam O’Brien"]
    assert article.tags == ["Cafés", "Libraries", "Town & Country"]
    assert article.site_name == "Millbrook & District Gazette"
    assert not any(("&" in v and ";" in v) or "<" in v for v in _strings(article))


def test_an_html_escaped_description_is_added_as_plain_text() -> None:
    description = "&lt;p&gt;Here&amp;#x27;s how the council plans to pay for the new Riverside Branch library.&lt;/p&gt;"
    shown = "<p class='deck'>Here's how the council plans to pay for the new Riverside Branch library.</p>"
    article = extract_article(_page({"@type": "NewsArticle", "description": description}, header=shown))
    assert article is not None
    assert article.description == "Here's how the council plans to pay for the new Riverside Branch library."
    assert article.text.split("\n")[0] == article.description


def test_a_page_showing_escaped_markup_gets_no_markup_standfirst() -> None:
    description = "&lt;p&gt;Here&amp;#x27;s how the council plans to pay for the new Riverside Branch library.&lt;/p&gt;"
    # The CMS escaped the deck on the page as well: readers see "<p>Here&#x27;s how …</p>" as text.
    shown = f" <p class='deck'>{description}</p>"
    article = extract_article(_page({"@type": "NewsArticle", "description": description}, header=shown))
    assert article is not None
    assert "<p>" not in article.text and "&#x27;" not in article.text
    assert article.description == "Here's how the council plans to pay for the new Riverside Branch library."


def test_nul_and_lone_surrogates_never_leave_extraction() -> None:
    json_ld = '{"@type": "NewsArticle", "headline": "Library\\u0000 plan \\ud800approved", "author": "Jane\\u0000 Doe\\udc00", "keywords": "Lib\\u0000rary, \\ud83d\\ude00", "description": "x\\u0000\\u0007y"}'
    body = (
        BODY
        + "<p>Second\x00 paragraph with a lone \ud800surrogate and a bell\x07 in the middle of its text.</p>"
    )
    html = (
        f'<html><head><title>Library\x00 plan \udfffapproved</title><script type="application/ld+json">{json_ld}</script>'
        f"</head><body><article><h1>Library\x00 plan\ud800</h1>{body}</article></body></html>"
    )
    article = extract_article(html)
    assert article is not None
    _assert_safe(article)
    assert article.title == "Library plan \ufffdapproved"
    assert article.authors == ["Jane Doe\ufffd"] and article.tags == ["Library", "😀"]
    assert "Second paragraph with a lone \ufffdsurrogate and a bell in the middle" in article.text


free_text = st.text(max_size=80)


@settings(max_examples=40, deadline=None)
@given(headline=free_text, description=free_text, author=free_text, sentence=free_text)
def test_any_declared_or_shown_text_comes_out_safe(
    headline: str, description: str, author: str, sentence: str
) -> None:
    json_ld = {"@type": "NewsArticle", "headline": headline, "description": description, "author": author}
    body = BODY + "<p>" + sentence.replace("<", "&lt;") + "</p>"
    article = extract_article(_page(json_ld, header=f"<h2>{sentence}</h2>", body=body))
    assert article is not None
    _assert_safe(article)
