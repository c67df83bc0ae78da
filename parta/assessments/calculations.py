"""The federal recommendations on assessment procedures as pure functions (no database).

Source: letters of Минпросвещения and Рособрнадзор of 06.08.2021 №СК-228/03 and №01-169/08-01
(see docs/assessment-schedule.md). Each function takes plain values and returns the violations;
a violation never blocks a save, it is listed for the deputy director to fix.
"""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from parta.assessments.choices import Rule

#: "No more often than once in 2.5 weeks": 2.5 weeks are 17.5 days, so two procedures of one
#: subject for one audience must be at least 18 calendar days apart (1 Oct → 19 Oct is fine,
#: 1 Oct → 18 Oct is not).
MIN_DAYS_BETWEEN = 18
#: "Not more than 10 % of the subject's time in the year": procedures × 10 ≤ lessons.
MAX_SHARE_PERCENT = 10
#: The first/last-lesson rule does not apply to subjects with at most this many lessons a week.
RARE_SUBJECT_LESSONS_PER_WEEK = 1


#: (class id, study group id or None, subject id, Monday of the week)
WeekKey = tuple[int, int | None, int, datetime.date]
#: (class id, study group id or None, subject id)
YearKey = tuple[int, int | None, int]


@dataclass(frozen=True)
class Planned:
    """One planned procedure as the rules see it. `group_id` is None for the whole class;
    `slot_number` is the lesson number of its lesson, None when no lesson is bound."""

    id: int
    class_id: int
    class_name: str
    subject_id: int
    subject_name: str
    date: datetime.date
    group_id: int | None = None
    group_name: str = ""
    slot_number: int | None = None

    @property
    def audience(self) -> tuple[int, int | None]:
        return (self.class_id, self.group_id)

    @property
    def audience_name(self) -> str:
        return self.group_name or self.class_name


@dataclass(frozen=True)
class Violation:
    rule: Rule
    class_name: str
    subject_name: str
    dates: tuple[datetime.date, ...]
    procedure_ids: tuple[int, ...]
    class_id: int = 0
    extra: Mapping[str, int] = field(default_factory=dict)


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of the week of `day`."""
    return day - datetime.timedelta(days=day.weekday())


def _violation(rule: Rule, items: Sequence[Planned], **extra: int) -> Violation:
    first = items[0]
    subjects = sorted({p.subject_name for p in items})
    return Violation(
        rule=rule,
        class_name=first.audience_name if rule != Rule.ONE_PER_DAY else first.class_name,
        subject_name=", ".join(subjects),
        dates=tuple(sorted({p.date for p in items})),
        procedure_ids=tuple(p.id for p in items),
        class_id=first.class_id,
        extra=extra,
    )


def one_per_day(procedures: Iterable[Planned]) -> list[Violation]:
    """At most one procedure per class per day. Procedures of different study groups in one
    subject on one day (the subgroups of a language, each writing its own test) count once;
    anything else on the same day of the same class is a second procedure."""
    by_day: dict[tuple[int, datetime.date], list[Planned]] = defaultdict(list)
    for p in procedures:
        by_day[(p.class_id, p.date)].append(p)
    result = []
    for items in by_day.values():
        keys = {("group", p.subject_id) if p.group_id else ("class", p.id) for p in items}
        if len(keys) > 1:
            result.append(_violation(Rule.ONE_PER_DAY, sorted(items, key=lambda p: p.id)))
    return result


def too_close(procedures: Iterable[Planned], min_days: int = MIN_DAYS_BETWEEN) -> list[Violation]:
    """One subject, one audience (the class or its study group): consecutive procedures less
    than `min_days` calendar days apart."""
    by_key: dict[tuple[int, int | None, int], list[Planned]] = defaultdict(list)
    for p in procedures:
        by_key[(p.class_id, p.group_id, p.subject_id)].append(p)
    result = []
    for items in by_key.values():
        items.sort(key=lambda p: (p.date, p.id))
        for earlier, later in itertools.pairwise(items):
            gap = (later.date - earlier.date).days
            if gap < min_days:
                result.append(_violation(Rule.INTERVAL, [earlier, later], days=gap))
    return result


def at_edge(p: Planned, day_slots: Mapping[tuple[int, datetime.date], Sequence[int]]) -> bool:
    """The procedure's lesson is the first or the last lesson of the class that day."""
    slots = day_slots.get((p.class_id, p.date), ())
    return p.slot_number is not None and bool(slots) and p.slot_number in (min(slots), max(slots))


def edge_candidates(
    procedures: Iterable[Planned], day_slots: Mapping[tuple[int, datetime.date], Sequence[int]]
) -> list[Planned]:
    return [p for p in procedures if at_edge(p, day_slots)]


def first_or_last(
    procedures: Iterable[Planned],
    day_slots: Mapping[tuple[int, datetime.date], Sequence[int]],
    week_lessons: Mapping[WeekKey, int],
) -> list[Violation]:
    """Not in the first or the last lesson of the class's day. `day_slots[(class_id, date)]`
    are the lesson numbers the class (or any of its groups) has that day;
    `week_lessons[(class_id, group_id, subject_id, monday)]` the lessons of the subject for the
    audience in that week. Subjects with at most one lesson that week are exempt (the letter's
    exception); a procedure without a bound lesson is not checked here."""
    result = []
    for p in edge_candidates(procedures, day_slots):
        monday = week_start(p.date)
        count = week_lessons.get((p.class_id, p.group_id, p.subject_id, monday), 0)
        if p.group_id is not None:
            count += week_lessons.get((p.class_id, None, p.subject_id, monday), 0)
        if count <= RARE_SUBJECT_LESSONS_PER_WEEK:
            continue
        result.append(_violation(Rule.FIRST_OR_LAST, [p], lesson=p.slot_number or 0))
    return result


def share_exceeded(count: int, lessons: int, percent: int = MAX_SHARE_PERCENT) -> bool:
    """More than `percent` % of the lessons: count × 100 > lessons × percent (10 lessons allow
    one procedure, 20 allow two, 9 allow none)."""
    return count * 100 > lessons * percent


def too_many(
    procedures: Iterable[Planned],
    year_lessons: Mapping[YearKey, int],
    percent: int = MAX_SHARE_PERCENT,
) -> list[Violation]:
    """At most `percent` % of the subject's lessons of the audience in the year are
    procedures. `year_lessons[(class_id, group_id, subject_id)]` counts the scheduled lessons
    (whole-class lessons for a class, the group's lessons for a group)."""
    by_key: dict[tuple[int, int | None, int], list[Planned]] = defaultdict(list)
    for p in procedures:
        by_key[(p.class_id, p.group_id, p.subject_id)].append(p)
    result = []
    for key, items in by_key.items():
        lessons = year_lessons.get(key, 0)
        if share_exceeded(len(items), lessons, percent):
            items.sort(key=lambda p: (p.date, p.id))
            result.append(_violation(Rule.SHARE, items, count=len(items), lessons=lessons))
    return result


def without_lesson(
    procedures: Iterable[Planned],
    lesson_days: AbstractSet[tuple[int, int | None, int, datetime.date]],
) -> list[Violation]:
    """A procedure on a day when its audience has no lesson of the subject.
    `lesson_days` holds (class_id, group_id, subject_id, date) of the scheduled lessons; a
    group procedure may also take place in a whole-class lesson."""
    result = []
    for p in procedures:
        if p.slot_number is not None:
            continue
        own = (p.class_id, p.group_id, p.subject_id, p.date)
        whole = (p.class_id, None, p.subject_id, p.date)
        if own not in lesson_days and whole not in lesson_days:
            result.append(_violation(Rule.NO_LESSON, [p]))
    return result


RULE_ORDER = [Rule.ONE_PER_DAY, Rule.FIRST_OR_LAST, Rule.INTERVAL, Rule.SHARE, Rule.NO_LESSON]


def check_all(
    procedures: Sequence[Planned],
    *,
    day_slots: Mapping[tuple[int, datetime.date], Sequence[int]],
    week_lessons: Mapping[WeekKey, int],
    year_lessons: Mapping[YearKey, int],
    lesson_days: AbstractSet[tuple[int, int | None, int, datetime.date]],
) -> list[Violation]:
    """Every rule over the procedures of one year, ordered by class, date and rule."""
    found = (
        one_per_day(procedures)
        + first_or_last(procedures, day_slots, week_lessons)
        + too_close(procedures)
        + too_many(procedures, year_lessons)
        + without_lesson(procedures, lesson_days)
    )
    return sorted(found, key=lambda v: (v.class_name, v.dates, RULE_ORDER.index(v.rule)))
