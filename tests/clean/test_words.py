"""count_words: tokens where words are spaced, characters per word where scripts use no spaces."""

from hypothesis import given
from hypothesis import strategies as st

from newsingest.clean.words import count_words
from newsingest.extract import ExtractedArticle

# A typical news paragraph of about 400 characters (one weather report), and its like in other scripts.
JAPANESE = (
    "気象庁は十五日、関東甲信地方が梅雨明けしたとみられると発表した。平年より四日早く、昨年より十日遅い。"
    "東京都心ではこの日、最高気温が三十四度を超え、今年初めての猛暑日に迫った。気象庁によると、太平洋高気圧の"
    "張り出しが強まり、今後一週間は晴れて厳しい暑さが続く見込みだという。熱中症の危険性が高まっているとして、"
    "同庁と環境省は東京、埼玉、千葉、神奈川の一都三県に熱中症警戒アラートを出し、不要不急の外出を避け、屋内"
    "でも冷房を適切に使うよう呼びかけている。東京消防庁によると、都内では十五日午後三時までに、熱中症の疑いで"
    "六十人以上が救急搬送された。このうち八十代の女性一人が重症だという。農林水産省は、高温が続けば野菜の生育"
    "に影響が出るおそれがあるとして、産地の情報収集を急いでいる。電力需給については、経済産業省が現時点で逼迫"
    "の恐れはないとしながらも、節電への協力を引き続き求めている。"
)
CHINESE = (
    "国家统计局十五日发布数据显示，今年上半年国内生产总值同比增长百分之五点二，增速比一季度加快零点七个百分点。"
    "分产业看，第一产业增加值同比增长百分之三点七，第二产业增长百分之四点三，第三产业增长百分之六点四。"
    "国家统计局新闻发言人表示，上半年国民经济回升向好，高质量发展稳步推进，但也要看到，外部环境依然复杂严峻，"
    "国内需求仍显不足，经济回升基础仍需巩固。下一阶段，要坚持稳中求进工作总基调，着力扩大国内需求，推动经济"
    "实现质的有效提升和量的合理增长。"
)
# Thai separates phrases, not words, with spaces: 13 space-separated chunks, about 72 words.
THAI = (
    "กรมอุตุนิยมวิทยาประกาศเตือนว่าในช่วงวันที่ 15 ถึง 18 กรกฎาคม ประเทศไทยตอนบนจะมีฝนตกหนักถึงหนักมากบางแห่ง "
    "โดยเฉพาะภาคเหนือและภาคตะวันออกเฉียงเหนือ ขอให้ประชาชนในพื้นที่เสี่ยงภัยระวังอันตรายจากน้ำท่วมฉับพลันและ"
    "น้ำป่าไหลหลาก สำหรับกรุงเทพมหานครและปริมณฑลจะมีฝนฟ้าคะนองร้อยละ 60 ของพื้นที่ ส่วนภาคใต้มีคลื่นลมแรง "
    "ชาวเรือควรเดินเรือด้วยความระมัดระวังและเรือเล็กควรงดออกจากฝั่งในช่วงนี้"
)
KOREAN = (
    "서울시는 15일 내년부터 시내버스 전 노선에 저상버스를 도입하겠다고 밝혔다. 시는 이를 위해 올해 하반기까지 "
    '버스 회사들과 협의를 마치고 예산 1200억 원을 편성할 계획이다. 시장은 이날 기자회견에서 "교통약자의 '
    '이동권을 보장하는 것은 도시의 기본 책무"라며 "2025년까지 모든 시내버스를 저상버스로 바꾸겠다"고 말했다.'
)
ARABIC = (
    "أعلنت وزارة الصحة اليوم الأحد عن افتتاح ثلاثة مستشفيات جديدة في المحافظات الجنوبية، في إطار خطة حكومية "
    "لتحسين الخدمات الطبية في المناطق الريفية. وقال المتحدث باسم الوزارة إن المستشفيات الجديدة ستوفر أكثر من "
    "خمسمئة سرير، وستضم أقساماً للطوارئ والعناية المركزة وطب الأطفال. وأضاف أن الوزارة تعمل على توظيف مئات "
    "الأطباء والممرضين خلال الأشهر المقبلة."
)
BURMESE = "နိုင်ငံတော်အကြည်ညိုပျက်စေမှု ပုဒ်မ ၅၀၅ (ခ) နဲ့ တရားစွဲ အဖမ်းခံထားရတဲ့ အလဲဗင်းသတင်းသမား သုံးဦးကို အာမခံနဲ့ ပြန်လွှတ်ပေးလိုက်ပါတယ်။"


def test_a_japanese_paragraph_counts_its_words_not_its_spaces() -> None:
    assert len(JAPANESE) > 380 and len(JAPANESE.split()) == 1
    words = count_words(JAPANESE)
    # Between 1.2 and 2.5 characters a word: far above the 30-word article minimum.
    assert len(JAPANESE) / 2.5 < words < len(JAPANESE) / 1.2


def test_a_chinese_paragraph_counts_about_one_word_per_one_and_a_half_characters() -> None:
    words = count_words(CHINESE)
    assert len(CHINESE) / 2.5 < words < len(CHINESE) / 1.2


def test_thai_counts_words_inside_space_separated_phrases() -> None:
    assert len(THAI.split()) == 13
    assert 55 <= count_words(THAI) <= 95


def test_burmese_is_counted_by_characters_too() -> None:
    # 11 space-separated phrases holding about 22 words.
    assert 15 <= count_words(BURMESE) <= 30


def test_korean_and_arabic_separate_words_with_spaces() -> None:
    assert count_words(KOREAN) == len(KOREAN.split())
    assert count_words(ARABIC) == len(ARABIC.split())


def test_latin_text_counts_tokens_with_letters_or_digits() -> None:
    assert count_words("The council — voted 6–1 on Wednesday • Work starts in May.") == 10
    assert count_words("") == 0 and count_words(" \n— • …") == 0


def test_latin_names_and_numbers_inside_japanese_count_as_words() -> None:
    line = "【6月18日 AFP】ナイジェリア北東部ボルノ（Borno）州で16日夜"
    assert count_words(line) >= count_words(line.replace("AFP", "").replace("Borno", "")) + 2


def test_article_word_count_is_this_count() -> None:
    assert ExtractedArticle(text=JAPANESE).word_count == count_words(JAPANESE) > 30
    assert ExtractedArticle(text=f"{KOREAN}\n{ARABIC}").word_count == len(KOREAN.split()) + len(
        ARABIC.split()
    )


spaced = st.text(st.characters(exclude_categories=["Cs"], max_codepoint=0x0DFF))


@given(st.text())
def test_count_words_never_raises(text: str) -> None:
    assert count_words(text) >= 0


@given(spaced)
def test_spaced_scripts_count_tokens_holding_a_letter_or_digit(text: str) -> None:
    assert count_words(text) == sum(
        1 for token in text.split() if any(c.isalnum() or c.isdecimal() for c in token)
    )


@given(st.lists(st.sampled_from([JAPANESE, CHINESE, THAI, KOREAN, ARABIC, BURMESE]), min_size=1, max_size=6))
def test_counts_of_paragraphs_add_up(paragraphs: list[str]) -> None:
    total = count_words("\n".join(paragraphs))
    assert abs(total - sum(map(count_words, paragraphs))) <= len(paragraphs)
