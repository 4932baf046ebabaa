"""The standfirst: the declared description opens the text only when the page shows it."""

from newsingest.clean.normalize import plain_line
from newsingest.extract.page import parse_html
from newsingest.extract.standfirst import candidate, page_text, with_standfirst

DESCRIPTION = "The council approved a $4.2 million renovation of the Riverside Branch Library on Wednesday."
BODY = (
    "The Millbrook City Council voted 6–1 on Wednesday night to approve the renovation.\nWork starts in May."
)


def _page(header: str) -> str:
    return f"""<html><head><meta name="description" content="{DESCRIPTION}">
    <script type="application/ld+json">{{"description": "{DESCRIPTION}"}}</script></head>
    <body><header><h1>Library renovation approved</h1>{header}</header><p>{BODY}</p></body></html>"""


def _with_standfirst(html: str, body: str = BODY) -> str:
    return with_standfirst(body, candidate(DESCRIPTION), page_text(parse_html(html)))


def test_a_standfirst_the_page_shows_opens_the_text() -> None:
    shown = _page(
        '<p class="deck">The council approved a $4.2&nbsp;million renovation of the <em>Riverside'
        " Branch Library</em> on Wednesday.</p>"
    )
    assert _with_standfirst(shown) == f"{DESCRIPTION}\n{BODY}"


def test_a_description_only_in_meta_tags_and_scripts_is_not_added() -> None:
    hidden = _page("") + f"<script>window.page = {{summary: '{DESCRIPTION}'}}</script>"
    assert _with_standfirst(hidden) == BODY


def test_a_standfirst_already_in_the_text_is_not_repeated() -> None:
    body = f"{DESCRIPTION.upper()}\n{BODY}"
    assert _with_standfirst(_page(f"<p>{DESCRIPTION}</p>"), body) == body


def test_short_or_truncated_descriptions_are_no_standfirst() -> None:
    assert candidate("Library renovation approved.") is None
    assert candidate("The council approved a renovation of the library and the works will start in…") is None
    assert candidate(
        plain_line("  The council approved a renovation &amp; extension of the Riverside Branch Library.  ")
    ) == ("The council approved a renovation & extension of the Riverside Branch Library.")
