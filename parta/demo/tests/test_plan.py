import datetime
import itertools
from collections import Counter

import pytest

from parta.core.validators import is_valid_inn, is_valid_ogrn, is_valid_snils
from parta.demo.names import feminine_surname, patronymic
from parta.demo.plan import make_plan
from parta.demo.school_year import school_calendar

TODAY = datetime.date(2026, 11, 23)


def test_same_seed_same_plan():
    first = make_plan(schools=2, students_per_school=60, seed=7, today=TODAY)
    second = make_plan(schools=2, students_per_school=60, seed=7, today=TODAY)
    assert first.digest() == second.digest()
    assert first.usernames() == second.usernames()


def test_other_seed_other_plan():
    first = make_plan(schools=1, students_per_school=60, seed=7, today=TODAY)
    second = make_plan(schools=1, students_per_school=60, seed=8, today=TODAY)
    assert first.digest() != second.digest()


def test_default_plan_sizes():
    plan = make_plan(today=TODAY)
    assert len(plan.schools) == 1
    assert len(plan.students) == 600
    assert 40 <= len(plan.staff) <= 50
    assert 30 <= len(plan.rooms) <= 45
    sizes = Counter(row.enrollments[0].school_class for row in plan.students)
    assert all(15 <= size <= 32 for size in sizes.values())


def test_identifiers_valid_and_unique():
    plan = make_plan(schools=3, students_per_school=60, seed=1, today=TODAY)
    snils = [p.snils for p in plan.persons]
    assert len(snils) == len(set(snils))
    assert all(is_valid_snils(value) for value in snils)
    for org in [plan.region, plan.municipality, *plan.schools]:
        assert is_valid_inn(org.inn), org.inn
        assert is_valid_ogrn(org.ogrn), org.ogrn
    usernames = plan.usernames()
    assert len(usernames) == len(set(usernames))


def test_children_fit_their_grade():
    plan = make_plan(schools=1, students_per_school=120, seed=3, today=TODAY)
    for student in plan.students:
        born = plan.persons[student.person].birth_date
        age = (datetime.date(2026, 9, 1) - born).days / 365.25
        assert 5.5 + student.grade <= age <= 7 + student.grade, (student.grade, born)


def test_children_carry_the_fathers_surname_and_patronymic():
    plan = make_plan(schools=1, students_per_school=120, seed=3, today=TODAY)
    fathers = {g.student: g.guardian for g in plan.guardianships if g.relation == "father"}
    assert fathers
    for student_index, father_index in fathers.items():
        child = plan.persons[plan.students[student_index].person]
        father = plan.persons[father_index]
        surname = father.last_name if child.sex == "m" else feminine_surname(father.last_name)
        assert child.last_name == surname
        assert child.patronymic == patronymic(father.first_name, child.sex)


def test_sizes_are_checked():
    with pytest.raises(ValueError, match="students per school"):
        make_plan(students_per_school=5, today=TODAY)
    with pytest.raises(ValueError, match="schools"):
        make_plan(schools=0, today=TODAY)


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027, 2030])
def test_calendar_is_consistent(year):
    cal = school_calendar(datetime.date(year, 11, 23))
    assert cal.start == datetime.date(year, 9, 1)
    assert cal.end == datetime.date(year + 1, 5, 31)
    for rows in (cal.quarters, cal.half_years, cal.holidays):
        for before, after in itertools.pairwise(rows):
            assert before.end < after.start
        assert all(cal.start <= row.start <= row.end <= cal.end for row in rows)
    # Holidays fall between the quarters, never inside one.
    for holiday in cal.holidays:
        for quarter in cal.quarters:
            assert holiday.end < quarter.start or quarter.end < holiday.start
    assert [h.start.weekday() for h in cal.holidays if h.name != "Зимние каникулы"] == [5, 5]


def test_calendar_in_summer_keeps_a_current_year():
    cal = school_calendar(datetime.date(2027, 7, 10))
    assert cal.start == datetime.date(2026, 9, 1)
    assert cal.end == datetime.date(2027, 8, 31)


def test_same_data_all_school_year():
    autumn = make_plan(schools=1, students_per_school=60, seed=7, today=datetime.date(2026, 9, 2))
    spring = make_plan(schools=1, students_per_school=60, seed=7, today=datetime.date(2027, 4, 1))
    assert autumn.digest() == spring.digest()
    next_year = make_plan(
        schools=1, students_per_school=60, seed=7, today=datetime.date(2027, 9, 2)
    )
    assert next_year.calendar.name == "2027/2028"
