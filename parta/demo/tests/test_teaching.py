"""The demo curriculum, load and weekly timetable as plain data: federal ranges, coverage, and
no clash by the timetable's own rules (parta.timetable.calculations)."""

import datetime
import itertools
from collections import Counter, defaultdict
from collections.abc import Hashable
from decimal import Decimal

import pytest

from parta.curriculum.calculations import LoadRow, PlanLine, annual_hours, coverage, range_warning
from parta.demo import teaching
from parta.demo.plan import DemoPlan, make_plan
from parta.timetable.calculations import Audience, Placement, clash_kinds

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture(scope="module", params=[(600, 1), (60, 2), (1000, 1)], ids=str)
def plan(request):
    students, schools = request.param
    return make_plan(schools=schools, students_per_school=students, seed=2026, today=TODAY)


@pytest.mark.parametrize("grade", range(1, 12))
def test_curriculum_lies_in_the_federal_range(grade):
    # given the demo curriculum of a grade
    lines = teaching.CURRICULA[grade]
    # then its annual hours pass the federal check and every subject has one line
    assert range_warning(grade, annual_hours(Decimal(teaching.weekly_hours(grade)), grade)) is None
    assert len({line.subject for line in lines}) == len(lines)
    # and a day never holds more lessons than the bell schedule has
    assert teaching.weekly_hours(grade) <= teaching.SLOTS * len(teaching.WEEKDAYS)


def _subgroup_class(plan: DemoPlan) -> dict[int, int]:
    return {
        index: group.school_class
        for index, group in enumerate(plan.groups)
        if group.kind == "subgroup" and group.school_class is not None
    }


def test_load_covers_every_curriculum_line(plan):
    # given the plan's load and the curricula of its classes
    group_class = _subgroup_class(plan)
    lines = [
        PlanLine(index, line.subject, Decimal(line.hours))
        for index, row in enumerate(plan.classes)
        for line in teaching.CURRICULA[row.grade]
    ]
    load = [
        LoadRow(
            row.school_class if row.group is None else group_class[row.group],
            row.subject,
            Decimal(row.hours),
            row.group,
        )
        for row in plan.load
        if row.group is None or row.group in group_class  # courses across a grade are extra
    ]
    subgroups: dict[tuple[Hashable, Hashable], list[Hashable]] = defaultdict(list)
    for group, class_index in group_class.items():
        subgroups[(class_index, plan.groups[group].subject)].append(group)
    # when the curriculum app compares them, then nothing is missing and nothing is surplus
    result = coverage(lines, load, subgroups)
    assert result
    assert all(line.ok for line in result), [line for line in result if not line.ok][:3]


def test_teachers_teach_their_subjects_within_the_limit(plan):
    hours: Counter[int] = Counter()
    for row in plan.load:
        hours[row.teacher] += row.hours
        teacher = plan.staff[row.teacher]
        assert teacher.school == row.school
        if teacher.subject:
            assert teaching.TeacherInfo(row.teacher, teacher.subject).may_teach(row.subject)
        else:
            # a primary class teacher teaches only their own class
            assert plan.classes[row.school_class].class_teacher == row.teacher
            assert plan.classes[row.school_class].grade <= 4
    assert max(hours.values()) <= teaching.MAX_LOAD
    # the two subgroups of a class have two teachers
    by_class = defaultdict(set)
    group_class = _subgroup_class(plan)
    for row in plan.load:
        if row.group in group_class:
            by_class[group_class[row.group]].add(row.teacher)
    assert by_class
    assert all(len(teachers) == 2 for teachers in by_class.values())


def _placement(plan: DemoPlan, row: teaching.EntryRow) -> Placement:
    if row.group is None:
        audience = Audience(class_id=row.school_class)
    else:
        group = plan.groups[row.group]
        if group.school_class is not None:
            covered = frozenset({group.school_class})
        else:  # a course across a grade covers every class of the grade
            covered = frozenset(
                index
                for index, school_class in enumerate(plan.classes)
                if school_class.school == group.school and school_class.grade == group.grade
            )
        audience = Audience(
            group_id=row.group,
            covered_class_ids=covered,
            student_ids=frozenset(member.student for member in group.members),
        )
    return Placement(
        weekday=row.weekday,
        slot_number=row.slot,
        week_parity="every",
        valid_from=TODAY,
        valid_to=None,
        teacher_id=row.teacher,
        room_id=row.room,
        audience=audience,
    )


def test_timetable_has_no_clash(plan):
    # given the weekly entries grouped by school, weekday and lesson
    at = defaultdict(list)
    for row in plan.entries:
        at[(row.school, row.weekday, row.slot)].append(_placement(plan, row))
    # then no two of them clash by the timetable's rules
    clashes = [
        kinds
        for placements in at.values()
        for a, b in itertools.combinations(placements, 2)
        if (kinds := clash_kinds(a, b))
    ]
    assert clashes == []
    assert all(1 <= row.slot <= teaching.SLOTS for row in plan.entries)
    assert {row.weekday for row in plan.entries} == set(teaching.WEEKDAYS)


def test_timetable_gives_each_class_its_hours_without_gaps(plan):
    group_class = _subgroup_class(plan)
    per_subject: dict[tuple[str, int], Counter[str]] = defaultdict(Counter)
    places = defaultdict(set)
    for row in plan.entries:
        if row.group is not None and row.group not in group_class:
            continue  # a course across a grade, on top of the curriculum
        if row.group is None:
            per_subject[("class", row.school_class)][row.subject] += 1
            places[(row.school_class, row.weekday)].add(row.slot)
        else:
            class_index = group_class[row.group]
            per_subject[("group", row.group)][row.subject] += 1
            places[(class_index, row.weekday)].add(row.slot)
    for index, school_class in enumerate(plan.classes):
        weekly: Counter[str] = Counter(per_subject[("class", index)])
        for group, class_index in group_class.items():
            if class_index == index:
                weekly.update(per_subject[("group", group)])
                break  # one subgroup's lessons count for the class
        assert weekly == {
            line.subject: line.hours for line in teaching.CURRICULA[school_class.grade]
        }
    # every day starts with lesson 1; an empty lesson in between («окно») is rare: the
    # greedy placement leaves one only when no matching of a class's lessons exists
    assert all(min(slots) == 1 for slots in places.values())
    gaps = [slots for slots in places.values() if slots != set(range(1, max(slots) + 1))]
    assert len(gaps) <= 0.01 * len(places)


def test_rooms_belong_to_the_school(plan):
    for row in plan.entries:
        if row.room is not None:
            assert plan.rooms[row.room].school == row.school
    with_room = sum(row.room is not None for row in plan.entries)
    assert with_room >= 0.95 * len(plan.entries)


@pytest.mark.parametrize(
    ("holiday_start", "expected"),
    [
        (datetime.date(2026, 10, 31), [datetime.date(2026, 10, 30)]),  # Saturday → Friday
        (datetime.date(2026, 12, 30), [datetime.date(2026, 12, 29)]),  # Wednesday → Tuesday
        (datetime.date(2026, 11, 2), [datetime.date(2026, 10, 30)]),  # Monday → Friday before
        (datetime.date(2026, 9, 1), []),  # the day before lies outside the year
    ],
)
def test_pre_holiday_days(holiday_start, expected):
    first, last = datetime.date(2026, 9, 1), datetime.date(2027, 5, 26)
    assert teaching.pre_holiday_days([holiday_start], first, last) == expected


def test_same_seed_same_timetable():
    first = make_plan(schools=1, students_per_school=200, seed=5, today=TODAY)
    second = make_plan(schools=1, students_per_school=200, seed=5, today=TODAY)
    assert first.entries == second.entries
    assert first.load == second.load


def test_courses_across_a_grade_come_after_the_grade_lessons(plan):
    # given the advanced courses of grades 10–11 (groups across the classes of a grade)
    courses = {
        index: group for index, group in enumerate(plan.groups) if group.kind == "cross_class"
    }
    assert courses
    rows = [row for row in plan.entries if row.group in courses]
    # then each has its weekly hours on different days, with a teacher of its subject
    per_course = defaultdict(list)
    for row in rows:
        per_course[row.group].append(row)
        assert plan.staff[row.teacher].subject in {row.subject, ""} or teaching.TeacherInfo(
            row.teacher, plan.staff[row.teacher].subject
        ).may_teach(row.subject)
    assert set(per_course) == set(courses)
    for course_rows in per_course.values():
        assert len(course_rows) == teaching.CROSS_GROUP_HOURS
        assert len({row.weekday for row in course_rows}) == teaching.CROSS_GROUP_HOURS
    # and after the last lesson of every class of the grade that day
    group_class = _subgroup_class(plan)
    last: dict[tuple[int, int, int], int] = defaultdict(int)
    for row in plan.entries:
        if row.group in courses:
            continue
        class_index = row.school_class if row.group is None else group_class[row.group]
        school_class = plan.classes[class_index]
        key = (school_class.school, school_class.grade, row.weekday)
        last[key] = max(last[key], row.slot)
    for row in rows:
        course = courses[row.group]
        assert row.slot > last[(course.school, course.grade, row.weekday)]
