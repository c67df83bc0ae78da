"""Pure iCalendar text building (RFC 5545): CRLF line ends, lines folded at 75 octets (never
inside a UTF-8 character), TEXT values escaped (backslash, semicolon, comma, newline), times in
UTC («Z»), all-day events as DATE values, a UID and a DTSTAMP on every event."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

CRLF = "\r\n"
LIMIT = 75


def escape_text(value: str) -> str:
    """A TEXT property value: «\\» → «\\\\», «;» → «\\;», «,» → «\\,», newlines → «\\n»."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, continuation lines starting with
    one space (which counts in their 75)."""
    pieces: list[str] = []
    current = ""
    size = 0
    limit = LIMIT
    for char in line:
        length = len(char.encode("utf-8"))
        if size + length > limit:
            pieces.append(current)
            current, size, limit = "", 0, LIMIT - 1
        current += char
        size += length
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def utc_stamp(moment: datetime.datetime) -> str:
    """An aware datetime as a UTC DATE-TIME: 20250901T053000Z."""
    if moment.tzinfo is None:
        raise ValueError("iCalendar times must be aware")
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class CalendarItem:
    uid: str
    summary: str
    #: an aware datetime, or a date for an all-day event
    start: datetime.datetime | datetime.date
    end: datetime.datetime | datetime.date | None = None
    description: str = ""
    location: str = ""
    cancelled: bool = False
    categories: str = ""


def _moment(name: str, value: datetime.datetime | datetime.date) -> str:
    if isinstance(value, datetime.datetime):
        return f"{name}:{utc_stamp(value)}"
    return f"{name};VALUE=DATE:{value:%Y%m%d}"


def _event(item: CalendarItem, stamp: str) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{escape_text(item.uid)}", f"DTSTAMP:{stamp}"]
    lines.append(_moment("DTSTART", item.start))
    end = item.end
    if end is None and not isinstance(item.start, datetime.datetime):
        end = item.start + datetime.timedelta(days=1)
    if end is not None:
        lines.append(_moment("DTEND", end))
    lines.append(f"SUMMARY:{escape_text(item.summary)}")
    if item.description:
        lines.append(f"DESCRIPTION:{escape_text(item.description)}")
    if item.location:
        lines.append(f"LOCATION:{escape_text(item.location)}")
    if item.categories:
        lines.append(f"CATEGORIES:{escape_text(item.categories)}")
    lines.append(f"STATUS:{'CANCELLED' if item.cancelled else 'CONFIRMED'}")
    lines.append(
        "TRANSP:OPAQUE" if isinstance(item.start, datetime.datetime) else "TRANSP:TRANSPARENT"
    )
    lines.append("END:VEVENT")
    return lines


def calendar_text(items: Iterable[CalendarItem], *, name: str, now: datetime.datetime) -> str:
    """The whole VCALENDAR, each content line folded and ended with CRLF."""
    stamp = utc_stamp(now)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Parta//Diary calendar//RU",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-PUBLISHED-TTL:PT1H",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
    ]
    for item in items:
        lines.extend(_event(item, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
