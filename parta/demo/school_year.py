"""The demo school year: the academic year containing a date, its quarters, half-years and
holidays, laid out by weekday rules so that any year gets realistic dates. Pure functions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class DatedRow:
    """A study period or a holiday: number (1-based), name, first and last day."""

    number: int
    name: str
    start: datetime.date
    end: datetime.date


@dataclass(frozen=True)
class SchoolCalendar:
    name: str
    start: datetime.date
    end: datetime.date
    quarters: tuple[DatedRow, ...]
    half_years: tuple[DatedRow, ...]
    holidays: tuple[DatedRow, ...]
    grade1_holidays: tuple[DatedRow, ...]


def year_start(today: datetime.date) -> datetime.date:
    """1 September of the academic year `today` belongs to (June–August count as the year
    that is ending)."""
    year = today.year if today.month >= 9 else today.year - 1
    return datetime.date(year, 9, 1)


def _saturday_on_or_after(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=(5 - day.weekday()) % 7)


def _sunday_on_or_after(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=(6 - day.weekday()) % 7)


def school_calendar(today: datetime.date) -> SchoolCalendar:
    """Sept 1 – May 31 (extended to Aug 31 in the summer so the demo still has a current year),
    four quarters with autumn, winter and spring holidays, two half-years, and the extra
    February week of grade 1."""
    start = year_start(today)
    y = start.year
    end = datetime.date(y + 1, 5, 31)
    if today > end:
        end = datetime.date(y + 1, 8, 31)
    autumn = _saturday_on_or_after(datetime.date(y, 10, 24))
    winter_end = _sunday_on_or_after(datetime.date(y + 1, 1, 8))
    winter = winter_end - datetime.timedelta(days=11)
    spring = _saturday_on_or_after(datetime.date(y + 1, 3, 21))
    february = _saturday_on_or_after(datetime.date(y + 1, 2, 14))
    week_and_two = datetime.timedelta(days=8)  # Saturday … Sunday of the following week
    last_lesson_day = datetime.date(y + 1, 5, 26)
    holidays = (
        DatedRow(1, "Осенние каникулы", autumn, autumn + week_and_two),
        DatedRow(2, "Зимние каникулы", winter, winter_end),
        DatedRow(3, "Весенние каникулы", spring, spring + week_and_two),
    )
    quarters = (
        DatedRow(1, "1 четверть", start, autumn - _DAY),
        DatedRow(2, "2 четверть", autumn + week_and_two + _DAY, winter - _DAY),
        DatedRow(3, "3 четверть", winter_end + _DAY, spring - _DAY),
        DatedRow(4, "4 четверть", spring + week_and_two + _DAY, last_lesson_day),
    )
    half_years = (
        DatedRow(1, "1 полугодие", start, winter - _DAY),
        DatedRow(2, "2 полугодие", winter_end + _DAY, last_lesson_day),
    )
    grade1 = (DatedRow(1, "Дополнительные каникулы", february, february + week_and_two),)
    return SchoolCalendar(
        name=f"{y}/{y + 1}",
        start=start,
        end=end,
        quarters=quarters,
        half_years=half_years,
        holidays=holidays,
        grade1_holidays=grade1,
    )
