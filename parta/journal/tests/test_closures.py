"""Closing a study period: only the administration closes and reopens; once closed, marks and
attendance of lessons inside it are refused for teachers and allowed for the deputy; lessons
outside it stay open."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.journal.models import AttendanceMark, Mark, PeriodClosure
from parta.journal.services import attendance_set, mark_set, period_close, period_reopen
from parta.journal.tests.test_services_rig import Rig
from parta.people.models import StudyGroupMembership


def lesson_period(rig: Rig) -> Any:
    return rig.school_class.period_set.periods.get(
        start_date__lte=rig.lesson.date, end_date__gte=rig.lesson.date
    )


def test_period_close_and_reopen_by_the_deputy_are_audited(rig: Rig) -> None:
    # given the lesson's study period
    period = lesson_period(rig)
    # when the deputy closes and reopens it
    closure = period_close(actor=rig.deputy_actor, study_period=period)
    assert closure.closed_by == rig.deputy_user
    assert closure.school_id == rig.school.pk
    period_reopen(actor=rig.deputy_actor, study_period=period)
    # then nothing is left closed and both changes are in the audit trail
    assert not PeriodClosure.objects.exists()
    actions = list(
        AuditEvent.objects.filter(object_type="journal.periodclosure")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [AuditEvent.Action.CREATE, AuditEvent.Action.DELETE]


@pytest.mark.parametrize("who", ["teacher_actor", "other_actor"])
def test_period_close_is_refused_for_teachers(rig: Rig, who: str) -> None:
    period = lesson_period(rig)
    with pytest.raises(ValidationError) as error:
        period_close(actor=getattr(rig, who), study_period=period)
    assert error.value.code == "forbidden"
    assert not PeriodClosure.objects.exists()
    assert not AuditEvent.objects.filter(object_type="journal.periodclosure").exists()


def test_period_reopen_is_refused_for_a_teacher(rig: Rig) -> None:
    period = lesson_period(rig)
    period_close(actor=rig.deputy_actor, study_period=period)
    with pytest.raises(ValidationError) as error:
        period_reopen(actor=rig.teacher_actor, study_period=period)
    assert error.value.code == "forbidden"
    assert PeriodClosure.objects.count() == 1


def test_period_close_twice_and_reopen_of_an_open_period_are_refused(rig: Rig) -> None:
    period = lesson_period(rig)
    with pytest.raises(ValidationError) as error:
        period_reopen(actor=rig.deputy_actor, study_period=period)
    assert error.value.code == "open"
    period_close(actor=rig.deputy_actor, study_period=period)
    with pytest.raises(ValidationError) as error:
        period_close(actor=rig.deputy_actor, study_period=period)
    assert error.value.code == "closed"
    assert PeriodClosure.objects.count() == 1


def test_another_schools_deputy_may_not_close(rig: Rig) -> None:
    other = Rig()
    with pytest.raises(ValidationError) as error:
        period_close(actor=other.deputy_actor, study_period=lesson_period(rig))
    assert error.value.code == "forbidden"
    assert not PeriodClosure.objects.exists()


def test_a_closed_period_refuses_a_teachers_mark_and_attendance(rig: Rig) -> None:
    # given the lesson's period is closed
    period_close(actor=rig.deputy_actor, study_period=lesson_period(rig))
    # when the teacher sets a mark and attendance
    with pytest.raises(ValidationError) as error:
        mark_set(
            actor=rig.teacher_actor,
            assignment=rig.assignment,
            student=rig.student,
            value="5",
            expected_version=None,
        )
    # then both are refused, naming the closed period, and nothing is written
    assert error.value.code == "closed"
    assert "closed study period" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        attendance_set(
            actor=rig.teacher_actor,
            lesson=rig.lesson,
            student=rig.student,
            code="н",
            expected_version=None,
        )
    assert error.value.code == "closed"
    assert not Mark.objects.exists()
    assert not AttendanceMark.objects.exists()


def test_a_closed_period_lets_the_deputy_correct(rig: Rig) -> None:
    period_close(actor=rig.deputy_actor, study_period=lesson_period(rig))
    mark = mark_set(
        actor=rig.deputy_actor,
        assignment=rig.assignment,
        student=rig.student,
        value="4",
        expected_version=None,
    )
    assert mark.value == "4"


def test_a_closed_period_leaves_lessons_outside_it_open(rig: Rig) -> None:
    # given the second quarter is closed
    periods = list(rig.school_class.period_set.periods.order_by("number"))
    period_close(actor=rig.deputy_actor, study_period=periods[1])
    # then a mark in the first quarter's lesson is still the teacher's to set
    mark = mark_set(
        actor=rig.teacher_actor,
        assignment=rig.assignment,
        student=rig.student,
        value="5",
        expected_version=None,
    )
    assert mark.value == "5"


def test_a_closed_period_covers_a_subgroup_of_the_class(rig: Rig) -> None:
    # given a subgroup of the class with a lesson in the closed period
    group = f.StudyGroupFactory.create(school_class=rig.school_class)
    StudyGroupMembership.objects.create(
        school=rig.school, group=group, student=rig.student, start_date=rig.year.start_date
    )
    lesson = rig.lesson_on(rig.lesson.date, school_class=None, study_group=group)
    period_close(actor=rig.deputy_actor, study_period=lesson_period(rig))
    # when the teacher records attendance, it is refused
    with pytest.raises(ValidationError) as error:
        attendance_set(
            actor=rig.teacher_actor,
            lesson=lesson,
            student=rig.student,
            code="н",
            expected_version=None,
        )
    assert error.value.code == "closed"
    assert not AttendanceMark.objects.exists()
