import datetime

import pytest
from django.core.exceptions import ValidationError

from parta.core.testing import factories as f
from parta.people.models import Enrollment, SchoolClass, StudyGroup, StudyGroupMembership


def test_class_in_another_schools_year_is_refused(world):
    school_class = SchoolClass(
        school=world.a.school,
        academic_year=world.b.year,
        period_set=world.a.period_set,
        grade=6,
        letter="б",
    )
    with pytest.raises(ValidationError) as info:
        school_class.full_clean()
    assert "academic_year" in info.value.message_dict


def test_class_teacher_of_another_school_is_refused(world):
    school_class = world.a.school_class
    school_class.class_teacher = world.b.class_teacher
    with pytest.raises(ValidationError) as info:
        school_class.full_clean()
    assert "class_teacher" in info.value.message_dict


def test_class_letter_is_normalised(world):
    school_class = SchoolClass(
        school=world.a.school,
        academic_year=world.a.year,
        period_set=world.a.period_set,
        grade=7,
        letter=" в ",
    )
    school_class.full_clean()
    assert school_class.letter == "В"


@pytest.mark.parametrize(
    ("start_offset", "end_offset"),
    [
        pytest.param(0, None, id="open_ended_same_dates"),
        pytest.param(40, 60, id="inside_current"),
        pytest.param(-5, None, id="starts_before_year"),
    ],
)
def test_student_is_never_in_two_classes_at_once(world, start_offset, end_offset):
    other_class = f.SchoolClassFactory.create(period_set=world.a.period_set, grade=5, letter="Б")
    start = world.a.year.start_date + datetime.timedelta(days=start_offset)
    end = (
        None
        if end_offset is None
        else world.a.year.start_date + datetime.timedelta(days=end_offset)
    )
    enrollment = Enrollment(
        school=world.a.school,
        student=world.a.student,
        school_class=other_class,
        start_date=start,
        end_date=end,
    )
    with pytest.raises(ValidationError):
        enrollment.full_clean()


def test_enrollment_after_the_previous_one_closed_is_valid(world):
    current = world.a.student.enrollments.get()
    current.end_date = world.a.year.start_date + datetime.timedelta(days=30)
    current.save()
    other_class = f.SchoolClassFactory.create(period_set=world.a.period_set, grade=5, letter="Б")
    Enrollment(
        school=world.a.school,
        student=world.a.student,
        school_class=other_class,
        start_date=current.end_date + datetime.timedelta(days=1),
    ).full_clean()


def test_subgroup_member_must_be_enrolled_in_the_class(world):
    group = StudyGroup.objects.create(
        school=world.a.school,
        academic_year=world.a.year,
        kind="subgroup",
        name="5А English 1",
        school_class=world.a.school_class,
        grade=5,
    )
    outsider = f.StudentFactory.create(school=world.a.school)
    membership = StudyGroupMembership(
        school=world.a.school, group=group, student=outsider, start_date=world.a.year.start_date
    )
    with pytest.raises(ValidationError) as info:
        membership.full_clean()
    assert "student" in info.value.message_dict
    StudyGroupMembership(
        school=world.a.school,
        group=group,
        student=world.a.student,
        start_date=world.a.year.start_date,
    ).full_clean()


def test_cross_class_group_takes_students_of_the_grade(world):
    group = StudyGroup(
        school=world.a.school,
        academic_year=world.a.year,
        kind="cross_class",
        name="Профиль",
        grade=5,
    )
    group.full_clean()
    group.save()
    StudyGroupMembership(
        school=world.a.school,
        group=group,
        student=world.a.student,
        start_date=world.a.year.start_date,
    ).full_clean()
    group_6 = StudyGroup.objects.create(
        school=world.a.school, academic_year=world.a.year, kind="cross_class", name="G6", grade=6
    )
    with pytest.raises(ValidationError):
        StudyGroupMembership(
            school=world.a.school,
            group=group_6,
            student=world.a.student,
            start_date=world.a.year.start_date,
        ).full_clean()
