"""Dates as pages print them: "3 de mayo de 2022 21:25", "19. Oktober 2019", "3/09/15 8:00am".

Month names of the languages news is published in, full and abbreviated; numeric dates read day first
except in US English, or when only the other order makes a valid date. A time right after the date is
read with it (the page's local time, no zone).
"""

import re
from dataclasses import dataclass
from datetime import date, time

_MONTH_NAMES = {
    1: "january jan januar jänner janvier janv enero ene gennaio gen janeiro januari januar stycznia styczeń "
    "ledna leden január januára tammikuuta tammikuu ianuarie ocak января январь січня січень يناير جانفي "
    "كانون_الثاني ιανουαρίου janvāris janvārī sausio",
    2: "february feb februar feber février févr fevr febrero febbraio fevereiro fev februari lutego luty "
    "února únor február februára helmikuuta helmikuu februarie şubat şubat февраля февраль лютого лютий "
    "فبراير فيفري شباط φεβρουαρίου februāris februārī vasario",
    3: "march mar märz mars marzo março maart marca marzec března březen március marca maaliskuuta "
    "maaliskuu martie mart марта март березня березень مارس آذار μαρτίου marts martā kovo",
    4: "april apr avril abril aprile kwietnia kwiecień dubna duben április apríla huhtikuuta huhtikuu "
    "aprilie nisan апреля апрель квітня квітень أبريل أفريل نيسان απριλίου aprīlis aprīlī balandžio",
    5: "may mai mayo maggio mag maio mei maja maj května květen május mája toukokuuta toukokuu mayıs мая "
    "май травня травень مايو ماي أيار μαΐου maijs maijā gegužės",
    6: "june jun juni juin juin junio giugno giu junho czerwca czerwiec června červen június júna "
    "kesäkuuta kesäkuu iunie haziran июня июнь червня червень يونيو جوان حزيران ιουνίου jūnijs jūnijā "
    "birželio",
    7: "july jul juli juillet juil julio luglio lug julho lipca lipiec července červenec július júla "
    "heinäkuuta heinäkuu iulie temmuz июля июль липня липень يوليو جويلية تموز ιουλίου jūlijs jūlijā "
    "liepos",
    8: "august aug août agosto ago augustus sierpnia sierpień srpna srpen augusztus augusta elokuuta "
    "elokuu august ağustos августа август серпня серпень أغسطس أوت آب αυγούστου augusts augustā rugpjūčio",
    9: "september sep sept septembre septiembre settembre set setembro wrzesień września září "
    "szeptember septembra syyskuuta syyskuu septembrie eylül сентября сентябрь вересня вересень سبتمبر "
    "أيلول σεπτεμβρίου septembris septembrī rugsėjo",
    10: "october oct oktober okt octobre octubre ottobre ott outubro out oktober października "
    "październik října říjen október októbra lokakuuta lokakuu octombrie ekim октября октябрь жовтня "
    "жовтень أكتوبر تشرين_الأول οκτωβρίου oktobris oktobrī spalio",
    11: "november nov novembre noviembre novembro listopada listopad listopadu listopad november novembra "
    "marraskuuta marraskuu noiembrie kasım ноября ноябрь листопада листопад نوفمبر تشرين_الثاني "
    "νοεμβρίου novembris novembrī lapkričio",
    12: "december dec dezember dez décembre déc diciembre dic dicembre dezembro grudnia grudzień prosince "
    "prosinec december decembra joulukuuta joulukuu decembrie aralık декабря декабрь грудня грудень "
    "ديسمبر كانون_الأول δεκεμβρίου decembris decembrī gruodžio",
}
MONTHS = {word.replace("_", " "): month for month, names in _MONTH_NAMES.items() for word in names.split()}
# A month is any word here, checked against MONTHS after the match: an alternation of 400 names tried at
# every position cost ~3 ms over a page's header; a word class costs a tenth of that.
_MONTH = r"[^\W\d_]{3,}(?:\s[^\W\d_]{3,})?"

YEAR = r"(?P<y>(?:19|20)\d\d)"
# "14 May 2020", "3 de mayo de 2022", "19. Oktober 2019", "8 فيفري 2019", "15 августа 2016"
DAY_MONTH_YEAR = (
    rf"(?<!\d)(?P<d>\d{{1,2}})\.?\s*(?:de\s+|of\s+)?(?P<m>{_MONTH})\.?,?\s+(?:de\s+)?{YEAR}(?!\d)"
)
# "May 14, 2020", "Dec. 6, 2024"
MONTH_DAY_YEAR = rf"(?<![^\W\d_])(?P<m>[^\W\d_]{{3,}})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{YEAR}(?!\d)"
# "2020. október 7." (Hungarian), "2020年5月14日", "2023년 11월 7일"
YEAR_MONTH_DAY = (
    rf"{YEAR}(?:\.|\s*[年년])?\s*(?:(?P<m>[^\W\d_]{{3,}})|(?P<mn>\d{{1,2}})\s*[月월])"
    r"\s*(?P<d>\d{1,2})\s*[日일.]?(?!\d)"
)
# "2021-04-29 17:13", "2020/05/14"
ISO = rf"{YEAR}(?P<s>[-/.])(?P<mn>\d{{1,2}})(?P=s)(?P<d>\d{{1,2}})(?!\d)"
# "14.05.2020", "03/05/2022", "3/09/15": the order is settled below
NUMERIC = r"(?<![\d.,/])(?P<a>\d{1,2})(?P<s>[./-])(?P<b>\d{1,2})(?P=s)(?P<y>(?:19|20)?\d\d)(?![\d/])"
# Searched apart (the forms share group names); the earliest match in the text wins.
DATES = tuple(
    re.compile(p, re.IGNORECASE) for p in (DAY_MONTH_YEAR, MONTH_DAY_YEAR, YEAR_MONTH_DAY, ISO, NUMERIC)
)
# A time right after the date: "21:25", ", 13:43", "à 09h08", "a las 07:46hrs", "um 10.19 Uhr", "8:00am"
TIME = re.compile(
    r"^[\s,|•·–-]*(?:à|a las|um|klo|at|kl\.?|o|в)?\s*"
    r"(?P<h>\d{1,2})[:.h](?P<mi>\d{2})(?::\d{2})?\s*(?P<ap>[ap]\.?m\.?)?",
    re.IGNORECASE,
)
TIME_REACH = 25  # characters after the date where its time may start
SEPARATORS = " \t\n,|•·–-"
MAX_REPEATS = 3
MONTH_FIRST_LANGUAGES = ("en-us", "en")  # numeric dates with the month first: US English ("3/09/15")


@dataclass(frozen=True, slots=True)
class ShownDate:
    """A date as printed on a page, with its time of day when printed beside it (local, no zone)."""

    day: date
    clock: time | None
    start: int  # where it begins in the text searched


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _month(word: str) -> int:
    """Return the month a name stands for ("Mai", "كانون الثاني", "mayo" of "mayo de"); KeyError if none."""
    word = word.casefold()
    return MONTHS[word] if word in MONTHS else MONTHS[word.split()[0]]


def _numeric_day(first: int, second: int, year: int, month_first: bool) -> date | None:
    orders = ((second, first), (first, second)) if month_first else ((first, second), (second, first))
    for day, month in orders:
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return None


def _day(match: re.Match[str], month_first: bool) -> date | None:
    groups = {k: v for k, v in match.groupdict().items() if v is not None}
    year = _year(groups["y"])
    try:
        if "a" in groups:
            return _numeric_day(int(groups["a"]), int(groups["b"]), year, month_first)
        month = _month(groups["m"]) if "m" in groups else int(groups["mn"])
        return date(year, month, int(groups["d"]))
    except (KeyError, ValueError):
        return None


def _clock(rest: str) -> time | None:
    match = TIME.match(rest[:TIME_REACH])
    if match is None:
        return None
    hour, minute = int(match["h"]), int(match["mi"])
    if match["ap"]:
        hour = hour % 12 + (12 if match["ap"].lower().startswith("p") else 0)
    try:
        return time(hour, minute)
    except ValueError:
        return None


def first_date(text: str, language: str = "") -> ShownDate | None:
    """Return the first date printed in text (with its time when one follows), or None."""
    month_first = language.casefold() in MONTH_FIRST_LANGUAGES
    best: ShownDate | None = None
    for pattern in DATES:
        for match in pattern.finditer(text, 0, best.start if best else len(text)):
            day = _day(match, month_first)
            if day is not None:
                best = ShownDate(day, _clock_after(text, match.end(), day, month_first), match.start())
                break
    return best


def _clock_after(text: str, end: int, day: date, month_first: bool) -> time | None:
    """Return the time printed after a date, past repeats of the date ("3 de mayo de 2022" twice, 21:25)."""
    for _ in range(MAX_REPEATS):
        rest = text[end:]
        if (clock := _clock(rest)) is not None:
            return clock
        stripped = rest.lstrip(SEPARATORS)
        offset = len(rest) - len(stripped)
        repeat = next(
            (m for pattern in DATES if (m := pattern.match(stripped)) and _day(m, month_first) == day), None
        )
        if repeat is None:
            return None
        end += offset + repeat.end()
    return None
