"""Chrome that extractors append to articles: account prompts in unspaced scripts, comment threads, teasers."""

from newsingest.clean import clean_lines

ARTICLE = [
    "El fiscal anticorrupción viajará a Madrid para consultar con sus superiores si recurre la imputación.",
    "La decisión se conocerá la próxima semana, según fuentes de la fiscalía consultadas por este diario.",
    "El juez mantiene la citación para el día ocho de marzo en los juzgados de la capital balear.",
    "La defensa ha anunciado que presentará un recurso de apelación ante la Audiencia Provincial.",
]


def test_japanese_account_prompts_go_and_prose_about_members_stays() -> None:
    prose = (
        "日本経済団体連合会は会員企業に対し、来年度の賃上げについて前向きな検討を求める方針を明らかにした。"
        "関係者によると、経営側は物価上昇を踏まえた対応が必要だと判断した。"
    )
    text = "\n".join(
        [
            prose,
            "記事保存",
            "有料会員の方のみご利用になれます。保存した記事はスマホやタブレットでもご覧いただけます。",
            "＞ 新規会員登録",
            "＞ ログイン",
            "［有料会員限定］ この記事は会員限定です。電子版に登録すると続きをお読みいただけます。",
            "登录后查看更多内容",
            "로그인",
        ]
    )
    result = clean_lines(text)
    assert result.text.split("\n")[0] == prose
    assert "会員" not in "\n".join(result.text.split("\n")[1:])
    assert "登录" not in result.text and "로그인" not in result.text
    assert result.dropped["promo.account"] == 6


def test_a_reader_comment_thread_after_the_article_goes() -> None:
    comments = [
        "Comentar",
        "Hace 28 minutos",
        "Vaya comportamiento tan poco ejemplar del fiscal, defiende lo indefendible.",
        "Hace 37 minutos",
        "Lo importante no es si imputa o no, lo importante es el cocido que se van a comer.",
        "Hace una hora",
        "Muy independiente no se muestra el fiscal.",
        "Hace 2 horas",
        "Los fiscales se han convertido en los abogados defensores.",
        "A las pruebas me remito,",
    ]
    result = clean_lines("\n".join(ARTICLE + comments))
    assert result.text == "\n".join(ARTICLE)
    assert result.dropped["comments.thread"] == len(comments) - 1  # "Comentar" goes by its own rule


def test_a_single_relative_stamp_goes_and_the_text_around_it_stays() -> None:
    lines = [*ARTICLE[:2], "Updated 2 hours ago", *ARTICLE[2:]]
    result = clean_lines("\n".join(lines))
    assert result.text == "\n".join(ARTICLE)
    assert result.dropped["chrome.relative_time"] == 1


def test_teaser_lead_ins_go() -> None:
    lines = [
        *ARTICLE,
        "MORE: Trump's lawyers ask appeals court to pause the gag order",
        "Le puede interesar: JEP abrirá tres nuevos macrocasos",
        "Lust auf mehr? Lass dir die besten Storys jede Woche in deinen Posteingang liefern.",
        "Got a story? Email us at tips@example.com",
    ]
    result = clean_lines("\n".join(lines))
    assert result.text == "\n".join(ARTICLE)
    assert result.dropped["promo.read_more"] == 4
