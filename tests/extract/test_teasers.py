"""Related-story headlines that extractors append at the end of an article go; linked lines inside stay."""

from newsingest.extract import extract_article

PARAGRAPHS = [
    f"Paragraph {i} of the report describes the council's decision on the harbour and its budget in"
    " several sentences, so that the extractor keeps it as article text."
    for i in range(6)
]


def test_a_trailing_run_of_link_headlines_goes() -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    body += '<p><a href="/guide">Read the council guide to the harbour budget online</a></p>'
    body += "<p>" + PARAGRAPHS[0].replace("Paragraph 0", "The closing paragraph") + "</p>"
    teasers = "".join(
        f'<p><a href="/story/{i}">{title}</a></p>'
        for i, title in enumerate(
            [
                "Bears at the city zoo woke up early this winter",
                "Ferry timetable changes for the spring season",
                "New cycle lanes planned along the river promenade",
            ]
        )
    )
    html = f"<html><body><article><h1>Harbour budget</h1>{body}{teasers}</article></body></html>"
    article = extract_article(html)
    assert article is not None
    assert "Bears at the city zoo" not in article.text and "Ferry timetable" not in article.text
    assert "Read the council guide to the harbour budget online" in article.text  # inside the article
    assert article.text.endswith("so that the extractor keeps it as article text.")
    assert article.dropped["promo.teasers"] >= 1  # trafilatura drops some of them itself
