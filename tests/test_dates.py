"""parse_date on leap days and year ends, and on any text or clock at all."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsingest.dates import parse_date

LEAP_DAYS = [datetime(2024, 2, 29, 12, 0, tzinfo=UTC), datetime(2028, 2, 29, 0, 0, tzinfo=UTC)]
YEAR_ENDS = [
    datetime(2024, 12, 31, 23, 59, 59, tzinfo=UTC),
    datetime(2025, 1, 1, 0, 0, tzinfo=UTC),
    datetime(2027, 12, 31, 23, 59, 59, tzinfo=UTC),
    datetime(2028, 1, 1, 0, 0, tzinfo=UTC),
]


@pytest.mark.parametrize("now", LEAP_DAYS, ids=str)
def test_a_leap_day_clock_parses_dates(now: datetime) -> None:
    assert parse_date("2024-02-29T10:00:00Z", now=now) == datetime(2024, 2, 29, 10, tzinfo=UTC)
    assert parse_date("2022-01-03", now=now) == datetime(2022, 1, 3, tzinfo=UTC)
    # The upper bound is one calendar year ahead, 28 February in the following common year.
    limit = datetime(now.year + 1, 2, 28, now.hour, tzinfo=UTC)
    assert parse_date(limit.isoformat(), now=now) == limit
    assert parse_date((limit + timedelta(days=1)).isoformat(), now=now) is None


@pytest.mark.parametrize("now", YEAR_ENDS, ids=str)
def test_year_end_clocks_bound_the_future_by_one_year(now: datetime) -> None:
    next_year = now.replace(year=now.year + 1)
    assert parse_date(now.isoformat(), now=now) == now
    assert parse_date(next_year.isoformat(), now=now) == next_year
    assert parse_date((next_year + timedelta(seconds=1)).isoformat(), now=now) is None
    assert parse_date(date(now.year, 12, 31), now=now) == datetime(now.year, 12, 31, tzinfo=UTC)


def test_the_default_clock_is_today() -> None:
    assert parse_date(datetime.now(UTC).isoformat()) is not None
    assert parse_date("1989-12-31T23:59:59Z") is None


def test_add_years_is_calendar_safe() -> None:
    from newsingest.dates import add_years  # imported here so the other tests also run on older code

    assert add_years(datetime(2024, 2, 29, 8, tzinfo=UTC), 1) == datetime(2025, 2, 28, 8, tzinfo=UTC)
    assert add_years(datetime(2024, 2, 29, tzinfo=UTC), 4) == datetime(2028, 2, 29, tzinfo=UTC)
    assert add_years(datetime(2024, 12, 31, 23, 59, 59), 1) == datetime(2025, 12, 31, 23, 59, 59)
    assert add_years(datetime(9999, 6, 1, tzinfo=UTC), 1) == datetime.max.replace(tzinfo=UTC)


def test_naive_clocks_and_far_offsets_do_not_raise() -> None:
    assert parse_date("2024-02-29T10:00:00", now=datetime(2024, 2, 29)) is not None
    assert parse_date("9999-12-31T23:59:59+05:00", now=datetime.max) is not None
    assert parse_date("9999-12-31T23:59:59-23:59", now=datetime.max) is None  # past the latest instant
    assert parse_date("0001-01-01T00:00:00+23:59", now=datetime.min) is None


clocks = st.datetimes(timezones=st.none() | st.just(UTC) | st.timezones())
offsets = st.timedeltas(
    min_value=timedelta(hours=-23, minutes=-59), max_value=timedelta(hours=23, minutes=59)
)


@given(text=st.text(), now=clocks)
def test_parse_date_never_raises_on_text(text: str, now: datetime) -> None:
    result = parse_date(text, now=now)
    assert result is None or result.tzinfo is not None


@given(moment=st.datetimes(), offset=offsets, now=clocks)
def test_parse_date_never_raises_on_iso_forms(moment: datetime, offset: timedelta, now: datetime) -> None:
    for value in (moment, moment.date(), moment.isoformat(), moment.replace(tzinfo=timezone(offset))):
        result = parse_date(value, now=now)
        assert result is None or result.tzinfo is not None
    text = moment.replace(tzinfo=timezone(offset)).isoformat(sep=" ")
    parse_date(text, now=now)
    parse_date(text.replace("+00:00", "Z"), now=now)
