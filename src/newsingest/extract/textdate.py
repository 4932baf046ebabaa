"""Dates written out for readers ("jueves, 09 enero 2014", "Dec. 6, 2024", "19 février 2020").

<time> elements often carry such text instead of a machine-readable datetime attribute; feeds and some
CMSs declare RFC 2822 dates ("Wed, 04 May 2022 02:41:00 GMT"). Month names of the languages of the
evaluation sets and their neighbours; a date without a year or with an unknown month is no date.
"""

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

MONTH_NAMES = {
    1: "jan january januar jänner janvier enero ene gennaio gen janeiro januari stycznia tammikuuta",
    2: "feb february februar février fevrier febrero febbraio fevereiro fev februari lutego helmikuuta",
    3: "mar march märz mars marzo março marco maart marca maaliskuuta",
    4: "apr april avril abril abr aprile kwietnia huhtikuuta",
    5: "may mai mayo maggio mag maio mei maja toukokuuta",
    6: "jun june juni juin junio giugno giu junho czerwca kesäkuuta",
    7: "jul july juli juillet julio luglio lug julho lipca heinäkuuta",
    8: "aug august août aout agosto ago augustus sierpnia elokuuta",
    9: "sep sept september septembre septiembre settembre set setembro wrzesnia września syyskuuta",
    10: "oct october oktober okt octobre octubre ottobre ott outubro out października pazdziernika lokakuuta",
    11: "nov november novembre noviembre novembro listopada marraskuuta",
    12: "dec december dezember dez décembre decembre diciembre dic dicembre dezembro grudnia joulukuuta",
}
MONTHS = {name: number for number, names in MONTH_NAMES.items() for name in names.split()}
DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]{3,})\.?,?\s+(?:de\s+)?(\d{4})\b")
MONTH_DAY_YEAR = re.compile(r"\b([^\W\d_]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")


def _date(year: str, month: str, day: str) -> datetime | None:
    number = MONTHS.get(month.casefold())
    if number is None:
        return None
    try:
        return datetime(int(year), number, int(day), tzinfo=UTC)
    except ValueError:
        return None


def written_date(text: str) -> datetime | None:
    """Return the first day-month-year or month-day-year date written in text, at midnight UTC."""
    for match in DAY_MONTH_YEAR.finditer(text):
        if (found := _date(match.group(3), match.group(2), match.group(1))) is not None:
            return found
    for match in MONTH_DAY_YEAR.finditer(text):
        if (found := _date(match.group(3), match.group(1), match.group(2))) is not None:
            return found
    return None


def rfc2822_date(text: str) -> datetime | None:
    """Return an RFC 2822 date ("Wed, 04 May 2022 02:41:00 GMT"), or None."""
    if not text or (not text[:1].isalpha() and not text[:1].isdigit()):
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
