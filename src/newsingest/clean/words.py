"""Word counts that hold for every script, including those written without spaces between words.

Chinese, Japanese, Thai, Lao, Khmer and Burmese put no space between words, so a whitespace split counts
a whole sentence or paragraph as one word. Without a dictionary segmenter (large, per-language, slow)
the honest estimate is characters divided by the script's average word length. Korean, Arabic, Hebrew,
the Indic scripts and the alphabets separate words with spaces and are counted as tokens.
"""

import re

# Average word length in code points of running text, per script. Estimates, not segmentations:
# - Chinese words are 1.6–1.7 characters (DeFrancis, Zheng: 30–40 % of running words monosyllabic,
#   nearly all the rest two characters; 1,000 Chinese characters translate to ~650–750 English words).
#   Japanese mixes two-character kanji compounds with one- to three-kana particles and endings, and is
#   conventionally reckoned at about two characters per English word: one rate of 1.7 covers both.
# - Thai and Lao words average two to three syllables of ~2 code points each (a consonant plus
#   separately encoded vowel and tone marks): about 5 code points a word.
# - Khmer (subscript consonants take two code points) and Burmese (medials, asat and tone marks are
#   separate code points; words are mostly two syllables of about three) run longer: about 6.
CJK_CHARS_PER_WORD = 1.7
THAI_LAO_CHARS_PER_WORD = 5.0
KHMER_MYANMAR_CHARS_PER_WORD = 6.0

CJK = (
    "\u3005-\u3007"  # iteration marks 々 〆 〇
    "\u3040-\u30ff"  # Hiragana, Katakana (with the prolonged sound mark ー)
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Han: extension A, unified, compatibility
    "\uff66-\uff9f"  # halfwidth Katakana
    "\U00020000-\U0003134f"  # Han: supplementary extensions
)
THAI_LAO = "\u0e00-\u0eff"
KHMER_MYANMAR = "\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f\u1780-\u17ff\u19e0-\u19ff"
UNSPACED_SCRIPTS = (
    (re.compile(f"[{CJK}]+"), CJK_CHARS_PER_WORD),
    (re.compile(f"[{THAI_LAO}]+"), THAI_LAO_CHARS_PER_WORD),
    (re.compile(f"[{KHMER_MYANMAR}]+"), KHMER_MYANMAR_CHARS_PER_WORD),
)
UNSPACED = re.compile(f"[{CJK}{THAI_LAO}{KHMER_MYANMAR}]+")
# A token of the spaced scripts: whitespace-delimited and holding a letter or digit, so a dash or a
# bullet between words is no word. Anchored at token starts so a long run without any letter is O(n).
TOKEN = re.compile(r"(?<!\S)\S*?[^\W_]\S*")


def count_words(text: str) -> int:
    """Return the number of words in text: tokens where words are spaced, characters per word where not."""
    if not UNSPACED.search(text):
        return len(TOKEN.findall(text))
    estimate = sum(sum(map(len, pattern.findall(text))) / rate for pattern, rate in UNSPACED_SCRIPTS)
    rest = UNSPACED.sub(" ", text)  # Latin names, numbers and Korean words between them are tokens
    return len(TOKEN.findall(rest)) + max(1, round(estimate))
