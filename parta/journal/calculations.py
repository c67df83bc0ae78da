"""Pure rules of the journal (no ORM): reading mark values against a scale, the arithmetic and
the weighted average, the suggested period mark, the edit window."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

#: value → points; None marks a special value (н/а, осв, зч, нз) that counts in no average.
Scale = Mapping[str, int | None]

DOUBLE_SEPARATOR = "/"


def normalize(value: str) -> str:
    """What a teacher types, as the scale spells it: spaces dropped, lower case, «5 / 4» → «5/4»,
    the Latin look-alikes of н and а replaced."""
    text = "".join(value.split()).lower()
    return text.replace("h", "н").replace("a", "а")


def parts(value: str) -> list[str]:
    """A double mark «5/4» is two marks; anything else is one (a special «н/а» stays whole)."""
    if DOUBLE_SEPARATOR in value:
        pieces = value.split(DOUBLE_SEPARATOR)
        if all(piece.isdigit() for piece in pieces):
            return pieces
    return [value]


def is_valid(value: str, scale: Scale) -> bool:
    """A value of the scale, or a double mark of two of its point values."""
    pieces = parts(value)
    if len(pieces) == 1:
        return value in scale
    return len(pieces) == 2 and all(scale.get(piece) is not None for piece in pieces)


def points(value: str, scale: Scale) -> list[int]:
    """The points a value counts with: [5] for «5», [5, 4] for «5/4», [] for a special value or
    an empty one (a duty flag alone)."""
    found: list[int] = []
    for piece in parts(value):
        counted = scale.get(piece)
        if counted is not None:
            found.append(counted)
    return found


@dataclass(frozen=True)
class WeightedMark:
    value: str
    weight: Decimal


@dataclass(frozen=True)
class Averages:
    arithmetic: Decimal | None
    weighted: Decimal | None
    #: how many marks count (a double mark counts twice; special values do not count)
    count: int


TWO_PLACES = Decimal("0.01")


def averages(marks: Sequence[WeightedMark], scale: Scale) -> Averages:
    """Σ points / n and Σ(points × weight) / Σ weight over the marks that count, to two places
    (None without any)."""
    total = Decimal(0)
    weighted_total = Decimal(0)
    weights = Decimal(0)
    count = 0
    for mark in marks:
        for value in points(mark.value, scale):
            total += value
            weighted_total += value * mark.weight
            weights += mark.weight
            count += 1
    if not count:
        return Averages(None, None, 0)
    return Averages(
        arithmetic=(total / count).quantize(TWO_PLACES, ROUND_HALF_UP),
        weighted=(weighted_total / weights).quantize(TWO_PLACES, ROUND_HALF_UP)
        if weights
        else None,
        count=count,
    )


def rounded(average: Decimal, threshold: Decimal) -> int:
    """The whole mark of an average: up from `threshold` of the fraction (0.5: 2.5 → 3;
    0.6: 2.5 → 2, 2.6 → 3)."""
    whole = int(average)
    return whole + 1 if average - whole >= threshold else whole


@dataclass(frozen=True)
class Suggestion:
    mark: int | None
    #: fewer marks than the school's minimum: the teacher should look before confirming
    too_few: bool


def suggestion(
    average: Decimal | None, count: int, *, threshold: Decimal, min_marks: int
) -> Suggestion:
    if average is None:
        return Suggestion(None, too_few=min_marks > 0)
    return Suggestion(rounded(average, threshold), too_few=count < min_marks)


def editable_until(lesson_date: datetime.date, window_days: int) -> datetime.date:
    """The last day on which the lesson's teacher may still change its marks and attendance."""
    return lesson_date + datetime.timedelta(days=window_days)


def within_window(lesson_date: datetime.date, today: datetime.date, window_days: int) -> bool:
    return today <= editable_until(lesson_date, window_days)
