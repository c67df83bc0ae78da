"""Pure arithmetic of thematic plans (no ORM, no I/O): which lesson a topic takes, and the
comparison of plan hours, curriculum hours and lessons in the calendar per study period.

Binding rule (docs/thematic-plans.md): topics take the plan's lessons in order; a topic of
`hours` hours takes ceil(hours) lessons (a topic of 0.5 or 1.5 hours takes 1 or 2 lessons).
Lessons left over stay without a topic; topics left over are reported.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
HALF = Decimal("0.5")


def lessons_for_hours(hours: Decimal) -> int:
    """How many lessons a topic of `hours` hours takes (at least one)."""
    return max(1, math.ceil(Decimal(hours)))


@dataclass(frozen=True)
class Binding:
    #: topic key per lesson, in lesson order (None: the lesson is beyond the plan)
    lesson_topics: list[Hashable | None]
    #: topics that got no lesson at all, in plan order
    unbound_topics: list[Hashable]
    #: topics that got fewer lessons than their hours ask for
    short_topics: list[Hashable] = field(default_factory=list)


def bind(topics: Sequence[tuple[Hashable, Decimal]], lesson_count: int) -> Binding:
    """Spread `topics` ((key, hours) in plan order) over `lesson_count` ordered lessons."""
    lesson_topics: list[Hashable | None] = []
    unbound: list[Hashable] = []
    short: list[Hashable] = []
    for key, hours in topics:
        wanted = lessons_for_hours(hours)
        free = lesson_count - len(lesson_topics)
        if free <= 0:
            unbound.append(key)
            continue
        taken = min(wanted, free)
        lesson_topics.extend([key] * taken)
        if taken < wanted:
            short.append(key)
    lesson_topics.extend([None] * (lesson_count - len(lesson_topics)))
    return Binding(lesson_topics=lesson_topics, unbound_topics=unbound, short_topics=short)


def distribute(total: Decimal, weights: Sequence[int]) -> list[Decimal]:
    """Split `total` hours in proportion to `weights` (study days of each period), in steps of
    half an hour, so that the parts add up to `total` rounded to half an hour (largest
    remainder method)."""
    halves = int((Decimal(total) * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    weight_sum = sum(weights)
    if not weights:
        return []
    if weight_sum <= 0:
        return [ZERO for _ in weights]
    exact = [Decimal(halves) * w / weight_sum for w in weights]
    parts = [int(value) for value in exact]
    rest = halves - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for index in order[:rest]:
        parts[index] += 1
    return [Decimal(part) * HALF for part in parts]


def study_days(
    start: datetime.date,
    end: datetime.date,
    closed: set[datetime.date],
    weekdays: int = 5,
) -> int:
    """School days from `start` to `end` (inclusive): Monday to Friday (or Saturday with
    `weekdays=6`) that are not in `closed`."""
    if end < start:
        return 0
    count = 0
    day = start
    while day <= end:
        if day.weekday() < weekdays and day not in closed:
            count += 1
        day += datetime.timedelta(days=1)
    return count


@dataclass(frozen=True)
class HoursLine:
    """One study period (or the year) of a plan: hours by the curriculum, by the plan and
    lessons scheduled in the calendar."""

    label: str
    curriculum: Decimal | None
    plan: Decimal
    lessons: int | None

    @property
    def plan_vs_curriculum(self) -> Decimal | None:
        return None if self.curriculum is None else self.plan - self.curriculum

    @property
    def lessons_vs_curriculum(self) -> Decimal | None:
        if self.curriculum is None or self.lessons is None:
            return None
        return Decimal(self.lessons) - self.curriculum

    @property
    def lessons_vs_plan(self) -> Decimal | None:
        return None if self.lessons is None else Decimal(self.lessons) - self.plan

    @property
    def ok(self) -> bool:
        diffs = (self.plan_vs_curriculum, self.lessons_vs_curriculum, self.lessons_vs_plan)
        return all(diff is None or diff == 0 for diff in diffs)


def period_of(day: datetime.date, periods: Sequence[tuple[datetime.date, datetime.date]]) -> int:
    """Index of the period that holds `day`, or -1."""
    for index, (start, end) in enumerate(periods):
        if start <= day <= end:
            return index
    return -1


def plan_hours_by_period(
    topics: Sequence[tuple[Decimal, datetime.date | None]],
    periods: Sequence[tuple[datetime.date, datetime.date]],
) -> tuple[list[Decimal], Decimal]:
    """Hours of the plan per period: each topic (hours, date of its first lesson or its
    planned date) counts in the period of its date; topics without a date, or dated outside
    every period, are returned as the second value."""
    per_period = [ZERO for _ in periods]
    unplaced = ZERO
    for hours, day in topics:
        index = period_of(day, periods) if day is not None else -1
        if index < 0:
            unplaced += Decimal(hours)
        else:
            per_period[index] += Decimal(hours)
    return per_period, unplaced
