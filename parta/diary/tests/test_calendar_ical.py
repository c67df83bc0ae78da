"""The pure iCalendar builder: folding at 75 octets, escaping, CRLF, UTC times, all-day events;
the output parses with the `icalendar` library."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from parta.diary.ical import CalendarItem, calendar_text, escape_text, fold, utc_stamp

NOW = datetime.datetime(2025, 9, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("plain", "plain"),
        ("a,b", "a\\,b"),
        ("a;b", "a\\;b"),
        ("back\\slash", "back\\\\slash"),
        ("line1\nline2", "line1\\nline2"),
        ("crlf\r\nend", "crlf\\nend"),
        ("все; сразу,\\\n", "все\\; сразу\\,\\\\\\n"),
    ],
)
def test_text_values_are_escaped(raw, escaped):
    assert escape_text(raw) == escaped


@pytest.mark.parametrize(
    "line",
    [
        "SUMMARY:" + "x" * 200,
        "SUMMARY:" + "ж" * 120,  # two octets each
        "SUMMARY:" + "😀" * 50,  # four octets each
        "SUMMARY:" + "aж😀" * 40,
        "SUMMARY:short",
        "X:" + "y" * 73,  # exactly 75 octets: not folded
    ],
)
def test_lines_are_folded_at_75_octets_without_splitting_a_character(line):
    # when
    folded = fold(line)
    # then: every physical line is at most 75 octets, continuation lines start with a space,
    # and unfolding gives the line back
    physical = folded.split("\r\n")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in physical)
    assert all(piece.startswith(" ") for piece in physical[1:])
    assert "".join([physical[0], *(piece[1:] for piece in physical[1:])]) == line
    if len(line.encode("utf-8")) <= 75:
        assert physical == [line]


def test_utc_stamp_converts_from_the_school_time_zone():
    moment = datetime.datetime(2025, 9, 1, 8, 30, tzinfo=ZoneInfo("Europe/Moscow"))
    assert utc_stamp(moment) == "20250901T053000Z"


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="aware"):
        utc_stamp(datetime.datetime(2025, 9, 1, 8, 30))  # noqa: DTZ001 - the case under test


def test_the_calendar_parses_with_icalendar_and_keeps_every_field():
    # given: a timed lesson (cancelled), an all-day homework, an event with a long description
    zone = ZoneInfo("Asia/Yekaterinburg")
    items = [
        CalendarItem(
            uid="lesson-1@parta",
            summary="Математика (5А)",
            start=datetime.datetime(2025, 9, 1, 8, 30, tzinfo=zone),
            end=datetime.datetime(2025, 9, 1, 9, 15, tzinfo=zone),
            location="101",
            cancelled=True,
        ),
        CalendarItem(
            uid="homework-2@parta", summary="ДЗ: стр. 5, №1; №2", start=datetime.date(2025, 9, 3)
        ),
        CalendarItem(
            uid="event-3@parta",
            summary="Родительское собрание",
            start=datetime.datetime(2025, 9, 5, 18, 0, tzinfo=zone),
            description="Повестка:\n1) итоги; 2) планы, " + "очень длинно " * 20,
            location="Актовый зал, 2 этаж",
        ),
    ]
    # when
    text = calendar_text(items, name="Парта: Иванов", now=NOW)
    # then: CRLF everywhere, and the library reads the same values back
    assert "\n" not in text.replace("\r\n", "")
    parsed = icalendar.Calendar.from_ical(text)
    events = parsed.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [item.summary for item in items]
    lesson, homework, meeting = events
    assert lesson.decoded("DTSTART") == datetime.datetime(2025, 9, 1, 3, 30, tzinfo=datetime.UTC)
    assert str(lesson["STATUS"]) == "CANCELLED"
    assert str(lesson["LOCATION"]) == "101"
    assert homework.decoded("DTSTART") == datetime.date(2025, 9, 3)
    assert homework.decoded("DTEND") == datetime.date(2025, 9, 4)
    assert str(meeting["DESCRIPTION"]) == items[2].description
    assert str(meeting["LOCATION"]) == "Актовый зал, 2 этаж"
    assert all(e.get("UID") and e.get("DTSTAMP") for e in events)
    assert str(parsed["X-WR-CALNAME"]) == "Парта: Иванов"
