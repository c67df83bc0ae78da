"""The demo curriculum, teaching load and weekly timetable as plain data (no ORM).

* `CURRICULA`: the weekly hours of every grade, after the federal curriculum (ФУП НОО, ООО, СОО
  2023, five-day week), inside the federal annual ranges of `parta.curriculum.calculations`.
* `plan_load()`: every curriculum line of every class gets a teacher who may teach the subject:
  a primary class teacher teaches their class everything but English and physical education;
  English is taught in the class's two subgroups by two different teachers; a subject teacher
  takes related subjects too (a teacher of Russian also teaches literature); nobody gets more
  than `MAX_LOAD` hours, and a school hires a teacher when its staff cannot cover a subject.
* `plan_timetable()`: the lessons of each class fill lessons 1, 2, … of each weekday without
  gaps; the lessons are matched to those places so that no teacher is in two places at once
  (the two English subgroups of a class meet at the same time with their two teachers), then
  each lesson gets a free room: the teacher's own room, the class's home room or any free
  classroom. The clash rules are those of `parta.timetable.calculations`; the demo tests check
  the result with the timetable's own clash search.
"""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial

#: Weekdays with lessons (Monday … Friday) and the lessons of the main bell schedule.
WEEKDAYS = (1, 2, 3, 4, 5)
SLOTS = 8
#: Most hours a week one teacher teaches (a rate is 18; 1.5 rates is common).
MAX_LOAD = 27
#: … and of a subject taught in subgroups: the pairs of teachers must find common free lessons.
MAX_SPLIT_LOAD = 24

ENGLISH = "Иностранный язык (английский)"
PE = "Физическая культура"
MANDATORY = "mandatory"
PARTICIPANTS = "participants"


@dataclass(frozen=True)
class Line:
    """A curriculum line: subject of the federal list, hours a week, part of the plan."""

    subject: str
    hours: int
    part: str = MANDATORY


def _lines(*rows: tuple[str, int] | tuple[str, int, str]) -> tuple[Line, ...]:
    return tuple(Line(*row) for row in rows)


_PRIMARY_2_3 = _lines(
    ("Русский язык", 5),
    ("Литературное чтение", 4),
    (ENGLISH, 2),
    ("Математика", 4),
    ("Окружающий мир", 2),
    ("Музыка", 1),
    ("Изобразительное искусство", 1),
    ("Труд (технология)", 1),
    (PE, 2),
    ("Родной язык", 1, PARTICIPANTS),
)
_SENIOR = _lines(
    ("Русский язык", 2),
    ("Литература", 3),
    (ENGLISH, 3),
    ("Алгебра", 4),
    ("Геометрия", 3),
    ("Вероятность и статистика", 1),
    ("Информатика", 1),
    ("История", 2),
    ("Обществознание", 2),
    ("География", 1),
    ("Физика", 2),
    ("Химия", 1),
    ("Биология", 1),
    (PE, 2),
    ("Основы безопасности и защиты Родины", 1),
    ("Индивидуальный проект", 1, PARTICIPANTS),
    ("Русский язык", 1, PARTICIPANTS),
    ("Физика", 1, PARTICIPANTS),
    ("Химия", 1, PARTICIPANTS),
    ("Биология", 1, PARTICIPANTS),
)

#: Weekly hours per grade. Annual totals (×33 in grade 1, ×34 otherwise) lie in the federal
#: ranges: 627; 782; 782; 782; 986; 1020; 1088; 1122; 1122; 1156; 1156.
CURRICULA: dict[int, tuple[Line, ...]] = {
    1: _lines(
        ("Русский язык", 5),
        ("Литературное чтение", 3),
        ("Математика", 4),
        ("Окружающий мир", 2),
        ("Музыка", 1),
        ("Изобразительное искусство", 1),
        ("Труд (технология)", 1),
        (PE, 2),
    ),
    2: _PRIMARY_2_3,
    3: _PRIMARY_2_3,
    4: _lines(
        ("Русский язык", 5),
        ("Литературное чтение", 4),
        (ENGLISH, 2),
        ("Математика", 4),
        ("Окружающий мир", 2),
        ("Основы религиозных культур и светской этики", 1),
        ("Музыка", 1),
        ("Изобразительное искусство", 1),
        ("Труд (технология)", 1),
        (PE, 2),
    ),
    5: _lines(
        ("Русский язык", 5),
        ("Литература", 3),
        (ENGLISH, 3),
        ("Математика", 5),
        ("История", 2),
        ("География", 1),
        ("Биология", 1),
        ("Музыка", 1),
        ("Изобразительное искусство", 1),
        ("Труд (технология)", 2),
        (PE, 2),
        ("Основы духовно-нравственной культуры народов России", 1),
        ("Информатика", 1, PARTICIPANTS),
        ("Родной язык", 1, PARTICIPANTS),
    ),
    6: _lines(
        ("Русский язык", 6),
        ("Литература", 3),
        (ENGLISH, 3),
        ("Математика", 5),
        ("История", 2),
        ("Обществознание", 1),
        ("География", 1),
        ("Биология", 1),
        ("Музыка", 1),
        ("Изобразительное искусство", 1),
        ("Труд (технология)", 2),
        (PE, 2),
        ("Основы духовно-нравственной культуры народов России", 1),
        ("Информатика", 1, PARTICIPANTS),
    ),
    7: _lines(
        ("Русский язык", 4),
        ("Литература", 2),
        (ENGLISH, 3),
        ("Алгебра", 3),
        ("Геометрия", 2),
        ("Вероятность и статистика", 1),
        ("Информатика", 1),
        ("История", 2),
        ("Обществознание", 1),
        ("География", 2),
        ("Физика", 2),
        ("Биология", 1),
        ("Музыка", 1),
        ("Изобразительное искусство", 1),
        ("Труд (технология)", 2),
        (PE, 2),
        ("Родной язык", 1, PARTICIPANTS),
        ("Литература", 1, PARTICIPANTS),
    ),
    8: _lines(
        ("Русский язык", 3),
        ("Литература", 2),
        (ENGLISH, 3),
        ("Алгебра", 3),
        ("Геометрия", 2),
        ("Вероятность и статистика", 1),
        ("Информатика", 1),
        ("История", 2),
        ("Обществознание", 1),
        ("География", 2),
        ("Физика", 2),
        ("Химия", 2),
        ("Биология", 2),
        ("Музыка", 1),
        ("Труд (технология)", 1),
        ("Основы безопасности и защиты Родины", 1),
        (PE, 2),
        ("Родной язык", 1, PARTICIPANTS),
        ("Индивидуальный проект", 1, PARTICIPANTS),
    ),
    9: _lines(
        ("Русский язык", 3),
        ("Литература", 3),
        (ENGLISH, 3),
        ("Алгебра", 3),
        ("Геометрия", 2),
        ("Вероятность и статистика", 1),
        ("Информатика", 1),
        ("История", 2),
        ("Обществознание", 1),
        ("География", 2),
        ("Физика", 3),
        ("Химия", 2),
        ("Биология", 2),
        ("Труд (технология)", 1),
        ("Основы безопасности и защиты Родины", 1),
        (PE, 2),
        ("Родной язык", 1, PARTICIPANTS),
    ),
}


def _merged(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """One line per subject: the participants' hours that deepen a subject already in the plan
    are added to its line (a curriculum has one line per subject)."""
    merged: dict[str, Line] = {}
    for line in lines:
        known = merged.get(line.subject)
        merged[line.subject] = (
            line if known is None else Line(line.subject, known.hours + line.hours, known.part)
        )
    return tuple(merged.values())


#: Grades 10–11: the universal profile.
CURRICULA[10] = CURRICULA[11] = _SENIOR
CURRICULA.update({grade: _merged(lines) for grade, lines in CURRICULA.items()})


#: Subjects a subject teacher (by the subject they were hired for) also teaches.
ALSO_TEACHES: dict[str, tuple[str, ...]] = {
    "Математика": ("Алгебра", "Геометрия", "Вероятность и статистика"),
    "Русский язык": ("Литература", "Родной язык"),
    "Литература": ("Русский язык", "Родной язык"),
    "История": (
        "Обществознание",
        "Основы духовно-нравственной культуры народов России",
        "Индивидуальный проект",
    ),
    "Обществознание": (
        "История",
        "Основы духовно-нравственной культуры народов России",
        "Индивидуальный проект",
    ),
    "Информатика": ("Вероятность и статистика", "Индивидуальный проект"),
    "Физика": ("Индивидуальный проект",),
    "Биология": ("Химия",),
    "Химия": ("Биология",),
    "География": ("Биология",),
}
#: The subject a school hires a teacher for when nobody may teach a line.
HIRED_FOR: dict[str, str] = {
    "Алгебра": "Математика",
    "Геометрия": "Математика",
    "Вероятность и статистика": "Математика",
    "Родной язык": "Русский язык",
    "Основы духовно-нравственной культуры народов России": "История",
    "Индивидуальный проект": "Обществознание",
}
#: Subjects taught in the class's English subgroups (each subgroup its own teacher).
SPLIT_SUBJECTS = frozenset({ENGLISH})
#: Subjects the primary class teacher leaves to subject teachers.
PRIMARY_BY_SPECIALISTS = frozenset({ENGLISH, PE})
#: The room a subject teacher is given, by the name of the demo room.
ROOM_OF_SUBJECT: dict[str, str] = {
    "Математика": "Кабинет математики",
    "Русский язык": "Кабинет русского языка и литературы",
    "Литература": "Кабинет русского языка и литературы",
    ENGLISH: "Кабинет английского языка",
    "История": "Кабинет истории и обществознания",
    "Обществознание": "Кабинет истории и обществознания",
    "Физика": "Кабинет физики",
    "Химия": "Кабинет химии",
    "Биология": "Кабинет биологии",
    "География": "Кабинет географии",
    "Информатика": "Кабинет информатики",
    "Музыка": "Кабинет музыки",
    "Изобразительное искусство": "Кабинет изобразительного искусства",
    "Труд (технология)": "Мастерская",
    "Основы безопасности и защиты Родины": "Кабинет ОБЗР",
    PE: "Спортивный зал",
}
#: Where physical education goes when the gym is taken (the room may stay empty: outdoors).
PE_ROOMS = ("Спортивный зал", "Актовый зал")
#: Rooms that only their own subjects use.
SPECIAL_ROOMS = frozenset(
    {
        "Кабинет информатики",
        "Кабинет музыки",
        "Кабинет изобразительного искусства",
        "Мастерская",
        "Библиотека",
        "Кабинет педагога-психолога",
        "Спортивный зал",
        "Актовый зал",
    }
)


def weekly_hours(grade: int) -> int:
    return sum(line.hours for line in CURRICULA[grade])


# --- inputs and outputs -------------------------------------------------------------------
@dataclass(frozen=True)
class ClassInfo:
    index: int
    grade: int
    class_teacher: int
    home_room: int
    #: the two English subgroups (group indices), empty in grade 1
    subgroups: tuple[int, ...] = ()
    #: parallel classes sharing a student with this one (moved during the year): their
    #: subgroups share members, so they may not meet at the same time as this class's
    linked: tuple[int, ...] = ()


@dataclass(frozen=True)
class GroupInfo:
    """A group across the classes of a grade (an advanced course of grades 10–11)."""

    index: int
    grade: int
    subject: str


#: Weekly hours of an advanced course of a group across a grade (on top of the curriculum).
CROSS_GROUP_HOURS = 2


@dataclass
class TeacherInfo:
    index: int
    subject: str
    load: int = 0

    def may_teach(self, subject: str) -> bool:
        return subject == self.subject or subject in ALSO_TEACHES.get(self.subject, ())


@dataclass(frozen=True)
class RoomInfo:
    index: int
    name: str


@dataclass
class LoadRow:
    """Teaching load: `teacher` teaches `subject` to a class or one of its subgroups."""

    school: int
    teacher: int
    subject: str
    hours: int
    school_class: int | None = None
    group: int | None = None


@dataclass
class EntryRow:
    """A weekly timetable entry (every week, the whole year)."""

    school: int
    weekday: int
    slot: int
    subject: str
    teacher: int
    room: int | None
    school_class: int | None = None
    group: int | None = None


class TimetableError(Exception):
    """The greedy placement found no place for a lesson (the demo data must change)."""


# --- load ---------------------------------------------------------------------------------
def plan_load(
    school: int,
    classes: Sequence[ClassInfo],
    teachers: list[TeacherInfo],
    hire: Callable[[str], int],
    cross_groups: Sequence[GroupInfo] = (),
) -> list[LoadRow]:
    """Teaching load covering every curriculum line of `classes`, and the advanced courses of
    `cross_groups`. `teachers` are the school's subject teachers (their load is updated);
    `hire(subject)` adds a teacher of `subject` to the staff and returns their staff index."""
    rows: list[LoadRow] = []

    def limit(subject: str) -> int:
        return MAX_SPLIT_LOAD if subject in SPLIT_SUBJECTS else MAX_LOAD

    def pick(subject: str, hours: int, exclude: int | None = None) -> int:
        able = [
            t
            for t in teachers
            if t.may_teach(subject) and t.load + hours <= limit(subject) and t.index != exclude
        ]
        if not able:
            teacher = TeacherInfo(
                hire(HIRED_FOR.get(subject, subject)), HIRED_FOR.get(subject, subject)
            )
            teachers.append(teacher)
            able = [teacher]
        # The subject's own teachers first, then the least loaded.
        chosen = min(able, key=lambda t: (t.subject != subject, t.load, t.index))
        chosen.load += hours
        return chosen.index

    partners: dict[int, int] = {}

    def pick_partner(first: int, subject: str, hours: int) -> int:
        """The second teacher of a split lesson: the first one's usual partner while they
        have hours left, so that pairs teach at the same times and fit the timetable."""
        partner = next((t for t in teachers if t.index == partners.get(first)), None)
        if partner is not None and partner.load + hours <= limit(subject):
            partner.load += hours
            return partner.index
        second = pick(subject, hours, exclude=first)
        if first not in partners and second not in partners:
            partners[first], partners[second] = second, first
        return second

    for info in classes:
        for line in CURRICULA[info.grade]:
            if line.subject in SPLIT_SUBJECTS and info.subgroups:
                first = pick(line.subject, line.hours)
                second = pick_partner(first, line.subject, line.hours)
                for group, teacher in zip(info.subgroups, (first, second), strict=False):
                    rows.append(LoadRow(school, teacher, line.subject, line.hours, group=group))
                continue
            if info.grade <= 4 and line.subject not in PRIMARY_BY_SPECIALISTS:
                teacher = info.class_teacher
            else:
                teacher = pick(line.subject, line.hours)
            rows.append(LoadRow(school, teacher, line.subject, line.hours, school_class=info.index))
    for course in cross_groups:
        teacher = pick(course.subject, CROSS_GROUP_HOURS)
        rows.append(LoadRow(school, teacher, course.subject, CROSS_GROUP_HOURS, group=course.index))
    return rows


# --- timetable ----------------------------------------------------------------------------
@dataclass
class _Unit:
    """One weekly lesson of a class: one load row, or the rows of its subgroups together."""

    subject: str
    rows: tuple[LoadRow, ...]
    #: which of the subject's weekly lessons this is (0-based) and how many there are
    nth: int
    of: int

    @property
    def teachers(self) -> tuple[int, ...]:
        return tuple(row.teacher for row in self.rows)


def _day_lengths(hours: int) -> list[dict[int, int]]:
    """Ways to spread `hours` lessons over the weekdays, most even first: the extra lessons on
    the first days, on other days, then one day a lesson longer and another one shorter."""
    days = len(WEEKDAYS)
    base, extra = divmod(hours, days)
    even = [base + (1 if n < extra else 0) for n in range(days)]
    shapes = [even[-r:] + even[:-r] if r else even for r in range(days)]
    for longer, shorter in itertools.permutations(range(days), 2):
        shape = list(even)
        shape[longer] += 1
        shape[shorter] -= 1
        if shape[longer] <= SLOTS and shape[shorter] >= 0:
            shapes.append(shape)
    unique = list(dict.fromkeys(tuple(shape) for shape in shapes))
    return [dict(zip(WEEKDAYS, shape, strict=True)) for shape in unique]


def _units(info: ClassInfo, load: Sequence[LoadRow]) -> list[_Unit]:
    by_subject: dict[str, list[LoadRow]] = defaultdict(list)
    for row in load:
        if row.school_class == info.index or (
            row.group is not None and row.group in info.subgroups
        ):
            by_subject[row.subject].append(row)
    units: list[_Unit] = []
    for subject, rows in by_subject.items():
        hours = rows[0].hours
        units.extend(_Unit(subject, tuple(rows), n, hours) for n in range(hours))
    return units


def _match(
    units: list[_Unit],
    places: list[tuple[int, int]],
    allowed: Callable[[_Unit, tuple[int, int]], bool],
    offset: int,
) -> dict[int, tuple[int, int]]:
    """Unit index → place: a maximum matching (augmenting paths); a subject's lessons try
    different weekdays first."""
    days = len(WEEKDAYS)

    def preference(unit: _Unit, place: tuple[int, int]) -> tuple[int, int]:
        wanted = (offset + unit.nth * days // max(unit.of, 1)) % days
        return ((WEEKDAYS.index(place[0]) - wanted) % days, place[1])

    edges = [
        sorted((p for p in places if allowed(unit, p)), key=partial(preference, unit))
        for unit in units
    ]
    owner: dict[tuple[int, int], int] = {}

    def augment(u: int, seen: set[tuple[int, int]]) -> bool:
        for place in edges[u]:
            if place in seen:
                continue
            seen.add(place)
            if place not in owner or augment(owner[place], seen):
                owner[place] = u
                return True
        return False

    order = sorted(range(len(units)), key=lambda u: (len(edges[u]), -len(units[u].rows)))
    for u in order:
        augment(u, set())
    return {u: place for place, u in owner.items()}


def plan_timetable(
    school: int,
    classes: Sequence[ClassInfo],
    load: Sequence[LoadRow],
    rooms: Sequence[RoomInfo],
    teacher_subjects: dict[int, str],
    cross_groups: Sequence[GroupInfo] = (),
) -> list[EntryRow]:
    """The weekly timetable of a school's classes from their load (see the module docstring);
    the advanced courses of `cross_groups` come after the last lesson of every class of their
    grade, one group at a time (their members overlap)."""
    busy: dict[int, set[tuple[int, int]]] = defaultdict(set)  # teacher → places
    group_places: dict[int, set[tuple[int, int]]] = defaultdict(set)  # class → subgroup places
    taken: dict[tuple[int, int], set[int]] = defaultdict(set)  # place → rooms
    by_name: dict[str, list[int]] = defaultdict(list)
    for room in rooms:
        by_name[room.name].append(room.index)
    home_rooms = {info.home_room for info in classes}
    own_room = _teacher_rooms(teacher_subjects, by_name, home_rooms)
    spare = [r.index for r in rooms if r.name not in SPECIAL_ROOMS]
    entries: list[EntryRow] = []
    ordered = sorted(classes, key=lambda c: (c.grade, c.index))
    for position, info in enumerate(ordered):
        units = _units(info, load)

        blocked = {p for other in info.linked for p in group_places[other]}

        def allowed(
            unit: _Unit, place: tuple[int, int], blocked: set[tuple[int, int]] = blocked
        ) -> bool:
            if unit.rows[0].group is not None and place in blocked:
                return False
            return all(place not in busy[t] for t in unit.teachers)

        best: dict[int, tuple[int, int]] = {}
        lengths: dict[int, int] = {}
        for shape in _day_lengths(len(units)):
            places = [(day, n) for day in WEEKDAYS for n in range(1, shape[day] + 1)]
            matched = _match(units, places, allowed, position)
            if not lengths or len(matched) > len(best):
                best, lengths = matched, dict(shape)
            if len(matched) == len(units):
                break
        matched = best
        for u, unit in enumerate(units):
            if u not in matched:
                matched[u] = _extra_place(unit, lengths, set(matched.values()), allowed)
        if len(best) < len(units):
            _close_gaps(units, matched, allowed)
        for u, unit in enumerate(units):
            place = matched[u]
            for row in unit.rows:
                busy[row.teacher].add(place)
                if row.group is not None:
                    group_places[info.index].add(place)
                where = _room(
                    unit.subject,
                    row.teacher,
                    info.home_room,
                    place,
                    taken,
                    own_room,
                    by_name,
                    spare,
                )
                entries.append(
                    EntryRow(
                        school=school,
                        weekday=place[0],
                        slot=place[1],
                        subject=row.subject,
                        teacher=row.teacher,
                        room=where,
                        school_class=row.school_class,
                        group=row.group,
                    )
                )
    for entry in _cross_group_entries(school, classes, load, cross_groups, busy, entries):
        place = (entry.weekday, entry.slot)
        entry.room = _room(
            entry.subject, entry.teacher, None, place, taken, own_room, by_name, spare
        )
        entries.append(entry)
    return entries


def _cross_group_entries(
    school: int,
    classes: Sequence[ClassInfo],
    load: Sequence[LoadRow],
    cross_groups: Sequence[GroupInfo],
    busy: dict[int, set[tuple[int, int]]],
    placed: Sequence[EntryRow],
) -> list[EntryRow]:
    """Each advanced course after the day's last lesson of every class of its grade, on
    different days, where its teacher is free; the groups of a grade never meet at once."""
    group_class = {g: info.index for info in classes for g in info.subgroups}
    grade_of = {info.index: info.grade for info in classes}
    day_end: dict[tuple[int, int], int] = defaultdict(int)  # (grade, weekday) → last lesson
    for entry in placed:
        class_index = entry.school_class if entry.group is None else group_class[entry.group]
        assert class_index is not None
        key = (grade_of[class_index], entry.weekday)
        day_end[key] = max(day_end[key], entry.slot)
    teacher_of = {row.group: row.teacher for row in load if row.group is not None}
    entries: list[EntryRow] = []
    for group in cross_groups:
        teacher = teacher_of[group.index]
        days_used: set[int] = set()
        for _ in range(CROSS_GROUP_HOURS):
            options = [
                (number, day)
                for day in WEEKDAYS
                if day not in days_used
                for number in range(day_end[(group.grade, day)] + 1, SLOTS + 1)
                if (day, number) not in busy[teacher]
            ]
            if not options:
                raise TimetableError(f"No place for the course {group.subject}.")
            number, day = min(options)
            days_used.add(day)
            busy[teacher].add((day, number))
            # the grade's next group comes after this one
            day_end[(group.grade, day)] = number
            entries.append(
                EntryRow(school, day, number, group.subject, teacher, None, group=group.index)
            )
    return entries


def _extra_place(
    unit: _Unit,
    lengths: dict[int, int],
    used: set[tuple[int, int]],
    allowed: Callable[[_Unit, tuple[int, int]], bool],
) -> tuple[int, int]:
    """A lesson the matching could not place goes right after the shortest day it fits."""
    for day in sorted(WEEKDAYS, key=lambda d: (lengths[d], d)):
        for number in range(lengths[day] + 1, SLOTS + 1):
            place = (day, number)
            if place not in used and allowed(unit, place):
                lengths[day] = max(lengths[day], number)
                used.add(place)
                return place
    raise TimetableError(f"No place for a lesson of {unit.subject}.")


def _close_gaps(
    units: list[_Unit],
    matched: dict[int, tuple[int, int]],
    allowed: Callable[[_Unit, tuple[int, int]], bool],
) -> None:
    """Move the last lesson of a day into an empty lesson before the end of a day, while one
    fits (every move lowers a lesson's number, so this ends)."""
    while True:
        used = set(matched.values())
        last = {day: max((n for d, n in used if d == day), default=0) for day in WEEKDAYS}
        holes = [(d, n) for d in WEEKDAYS for n in range(1, last[d]) if (d, n) not in used]
        move = next(
            (
                (u, hole)
                for hole in holes
                for u, place in sorted(matched.items())
                if place[1] == last[place[0]] and hole[1] < place[1] and allowed(units[u], hole)
            ),
            None,
        )
        if move is None:
            return
        matched[move[0]] = move[1]


def _teacher_rooms(
    teacher_subjects: dict[int, str], by_name: dict[str, list[int]], home_rooms: set[int]
) -> dict[int, int]:
    """Each subject teacher's own room, by subject, while rooms of that kind last; the English
    rooms are too small to be home rooms, so home rooms go last."""
    free = {
        name: sorted(indices, key=lambda r: r in home_rooms) for name, indices in by_name.items()
    }
    own: dict[int, int] = {}
    for teacher, subject in sorted(teacher_subjects.items()):
        name = ROOM_OF_SUBJECT.get(subject)
        if name and name != ROOM_OF_SUBJECT[PE] and free.get(name):
            own[teacher] = free[name].pop(0)
    return own


def _room(
    subject: str,
    teacher: int,
    home_room: int | None,
    place: tuple[int, int],
    taken: dict[tuple[int, int], set[int]],
    own_room: dict[int, int],
    by_name: dict[str, list[int]],
    spare: list[int],
) -> int | None:
    """The first free of: the teacher's room, the class's home room, a spare classroom; for
    physical education the gym or the assembly hall (else none: outdoors)."""
    if subject == PE:
        candidates = [r for name in PE_ROOMS for r in by_name.get(name, [])]
    else:
        special = ROOM_OF_SUBJECT.get(subject)
        candidates = []
        if teacher in own_room:
            candidates.append(own_room[teacher])
        if special in SPECIAL_ROOMS:
            candidates.extend(by_name.get(special, []))
        if home_room is not None:
            candidates.append(home_room)
        candidates.extend(spare)
    for room in candidates:
        if room not in taken[place]:
            taken[place].add(room)
            return room
    return None


# --- bell schedules -----------------------------------------------------------------------
#: (number, start, end) of the main schedule: 45-minute lessons, two long breaks.
MAIN_BELLS = (
    (1, "08:30", "09:15"),
    (2, "09:25", "10:10"),
    (3, "10:30", "11:15"),
    (4, "11:35", "12:20"),
    (5, "12:35", "13:20"),
    (6, "13:30", "14:15"),
    (7, "14:25", "15:10"),
    (8, "15:20", "16:05"),
)
#: The shortened day before holidays: the same lessons, 30 minutes each.
SHORT_BELLS = (
    (1, "08:30", "09:00"),
    (2, "09:10", "09:40"),
    (3, "09:50", "10:20"),
    (4, "10:35", "11:05"),
    (5, "11:20", "11:50"),
    (6, "12:00", "12:30"),
    (7, "12:40", "13:10"),
    (8, "13:20", "13:50"),
)
MAIN_SCHEDULE = "Основное"
SHORT_SCHEDULE = "Сокращённый"


def pre_holiday_days(
    holiday_starts: Iterable[datetime.date], first: datetime.date, last: datetime.date
) -> list[datetime.date]:
    """The last weekday before each holiday, inside [first, last]: shortened days."""
    days: list[datetime.date] = []
    for start in holiday_starts:
        day = start - datetime.timedelta(days=1)
        while day.isoweekday() not in WEEKDAYS:
            day -= datetime.timedelta(days=1)
        if first <= day <= last and day not in days:
            days.append(day)
    return days
