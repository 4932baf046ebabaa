"""Line cleaning: promo and chrome lines go, content stays, each drop is counted by rule."""

from newsingest.clean import PageContext, clean_lines


def test_promo_lines_are_dropped_and_counted() -> None:
    text = "\n".join(
        [
            "Join our brand new verified AMN Telegram channel and get important news uncensored!",
            "Two drones were shot down on Monday near a base housing U.S. troops, officials said.",
            "Read More: Pro-Iran factions commemorate second anniversary in Baghdad",
            "Sign up for our daily newsletter",
            "Follow us on Twitter",
        ]
    )
    result = clean_lines(text)
    assert (
        result.text == "Two drones were shot down on Monday near a base housing U.S. troops, officials said."
    )
    assert result.dropped == {
        "promo.join_channel": 1,
        "promo.read_more": 1,
        "promo.newsletter": 1,
        "promo.follow_us": 1,
    }


def test_an_article_about_telegram_keeps_its_sentences() -> None:
    text = "\n".join(
        [
            "The city's emergency office will send storm alerts through a Telegram channel starting next month.",
            "Telegram channels let one account broadcast to an unlimited number of subscribers.",
            "Join the channel by searching for the office's name in the Telegram app, officials said.",
            "Residents without Telegram will still get text messages and sirens.",
        ]
    )
    result = clean_lines(text)
    assert result.text == text
    assert not result.dropped


def test_repeated_captions_credits_tags_and_author_lines_go() -> None:
    caption = "A military expert holding a part of one of two armed drones the coalition said it shot down, Jan. 3, 2022."
    text = "\n".join(
        [
            "date 2022-01-03 Security",
            "author_image Halgurd Sherwani",
            "Iraq Coalition Iraq Baghdad Qassim Soleimani",
            "ERBIL (Kurdistan 24) – Coalition personnel were targeted by two suicide drones early Monday.",
            caption.replace("Jan. 3, 2022.", "Jan. 3, 2022 (Photo: AFP Photo/Handout/Coalition Official)"),
            "Parts of a drone shown to reporters (Photo: AFP Photo/Handout/Coalition Official)",
            "Nobody has yet claimed responsibility for the attack.",
            "Halgurd Sherwani",
        ]
    )
    context = PageContext(
        captions=[caption],
        authors=["Halgurd Sherwani"],
        tags=["Iraq", "Coalition", "Iraq Baghdad", "Qassim Soleimani"],
    )
    result = clean_lines(text, context)
    assert result.text.split("\n") == [
        "ERBIL (Kurdistan 24) – Coalition personnel were targeted by two suicide drones early Monday.",
        "Nobody has yet claimed responsibility for the attack.",
    ]
    assert result.dropped["chrome.dateline"] == 1 and result.dropped["chrome.author_image"] == 1
    assert result.dropped["chrome.tags"] == 1 and result.dropped["chrome.byline"] == 1
    assert result.dropped["caption.repeated"] + result.dropped["caption.credit"] == 2


def test_source_patterns_repeated_paragraphs_and_normalisation() -> None:
    lead = "A counter rocket, artillery and mortar system shot down the drones, a source told AFP."
    text = f"{lead}\nERBIL – Coalition personnel were targeted.\n{lead}\nCopyright\u00a0\u200bDemo  Ledger"
    # The lead is the page's declared description: a standfirst printed twice keeps its last occurrence.
    result = clean_lines(text, PageContext(source_patterns=["^Copyright"], description=lead))
    assert result.text == f"ERBIL – Coalition personnel were targeted.\n{lead}"
    assert result.dropped == {"dedup.repeated_standfirst": 1, "source:^Copyright": 1}
    assert clean_lines("Cafe\u0301  au\tlait").text == "Café au lait"


BLOCK_LINES = {
    "Das Thema könnte dich auch interessieren:": "promo.read_more",
    "More stories from our newsroom": "promo.read_more",
    "Lea también: Juez ordena la captura de dos exfuncionarios": "promo.read_more",
    "Do you want to be informed of our actions? Sign up here": "promo.newsletter",
    "Pour lire la suite": "promo.paywall",
    "Bild anzeigen": "chrome.ui_label",
    "Pressekontakt:": "chrome.contact",
    "Weitere Informationen:": "chrome.more_info",
    "Quellen:": "chrome.sources",
    "(Alle Angaben ohne Gewähr)": "chrome.disclaimer",
    "Texts on this site are licensed under Creative Commons CC BY-SA 4.0": "chrome.license",
    "Video verfügbar bis 28.02.2021": "chrome.availability",
    "Our Standards: The Trust Principles.": "chrome.standards",
}


def test_lines_of_blocks_around_the_article_are_dropped_by_rule() -> None:
    body = "Der Stadtrat hat am Mittwoch den Ausbau der Radwege in der Innenstadt beschlossen, sagte ein Sprecher."
    for line, rule in BLOCK_LINES.items():
        result = clean_lines(f"{body}\n{line}")
        assert (result.text, dict(result.dropped)) == (body, {rule: 1}), line


def test_prose_that_starts_like_a_block_line_is_kept() -> None:
    text = "\n".join(
        [
            "Weitere Informationen zum Umbau will die Verwaltung im Mai bekannt geben, sagte die Sprecherin.",
            "Kontakt zu den Anwohnern hält ein eigens eingerichtetes Büro am Marktplatz.",
            "The video is available until the end of the month on the council's website, officials said.",
            "Mehr zum Thema Radverkehr gab es bei der Bürgerversammlung im Rathaus, wo viele Fragen kamen.",
        ]
    )
    result = clean_lines(text)
    assert result.text == text
    assert not result.dropped


CHORUS = "And we will walk the long road home together, singing in the rain"


def test_repeated_lines_without_evidence_are_content() -> None:
    text = "\n".join(
        [
            "Verse one tells of the harbour town where the singer grew up.",
            CHORUS,
            "Verse two is about leaving for the city at eighteen.",
            CHORUS,
            "| Monday | 2 cups of rice with steamed vegetables |",
            "| Tuesday | 2 cups of rice with steamed vegetables |",
            "| Wednesday | 2 cups of rice with steamed vegetables |",
            CHORUS,
        ]
    )
    result = clean_lines(text, PageContext(description="A song about the harbour town and leaving it."))
    assert result.text == text
    assert not result.dropped


def test_repeated_captions_alt_texts_and_promo_lines_go() -> None:
    gallery = [f"Photo {n} of the new Riverside Branch reading room, seen from the east" for n in range(1, 6)]
    promo = (
        "Join our brand new verified AMN Telegram channel and get important news uncensored, every single "
        "day of the week, straight to your phone, with breaking alerts, exclusive interviews, analysis and "
        "opinion from our correspondents in the region and beyond!"
    )
    alt = "Children reading in the new library's study room on its first day"
    body = "The library reopened on Monday after eighteen months of work, officials said."
    text = "\n".join(
        [*gallery, alt, body, promo, *gallery, alt, "Visitors praised the new study rooms.", promo]
    )
    # Five captions are more than the caption rule's limit: the gallery is content, printed once.
    result = clean_lines(text, PageContext(captions=gallery, image_texts=[alt, "logo"]))
    assert result.text.split("\n") == [body, *gallery, alt, "Visitors praised the new study rooms."]
    assert result.dropped == {"dedup.repeated_caption": 6, "promo.repeated": 2}
