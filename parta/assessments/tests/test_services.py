import datetime

import pytest
from django.core.exceptions import ValidationError

from parta.assessments.models import AssessmentProcedure
from parta.assessments.services import (
    procedure_create,
    procedure_delete,
    procedure_update,
    procedures_plan_for_grade,
)
from parta.assessments.tests.conftest import day_lessons, monday_of
from parta.core.models import AuditEvent
from parta.core.testing import factories as f


def _new(sw, subject, day, **extra):
    return AssessmentProcedure(
        school=sw.school, school_class=sw.school_class, subject=subject, date=day, **extra
    )


def test_create_binds_the_only_lesson_of_the_subject_and_audits(aw, actor):
    # given class 5А has one history lesson (the third) on that day
    sw = aw.a
    # when a history procedure is planned without a lesson
    saved = procedure_create(actor=actor, instance=_new(sw, aw.history, sw.day))
    # then the lesson is found, the year follows the class, and the write is audited
    assert saved.lesson == sw.lessons[2]
    assert saved.academic_year == sw.year
    event = AuditEvent.objects.get(
        object_type="assessments.assessmentprocedure", object_id=saved.pk
    )
    assert event.action == AuditEvent.Action.CREATE
    assert event.school_id == sw.school.pk


def test_create_leaves_the_lesson_open_when_there_are_two(aw, actor):
    sw = aw.a
    f.LessonFactory.create(
        school_class=sw.school_class, date=sw.day, slot_number=5, subject=aw.history
    )
    saved = procedure_create(actor=actor, instance=_new(sw, aw.history, sw.day))
    assert saved.lesson is None


def test_create_refuses_a_date_outside_the_year(aw, actor):
    sw = aw.a
    outside = sw.year.end_date + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        procedure_create(actor=actor, instance=_new(sw, aw.history, outside))
    assert "date" in error.value.message_dict
    assert AssessmentProcedure.objects.count() == 2


def test_create_refuses_another_schools_class(aw, actor):
    procedure = AssessmentProcedure(
        school=aw.a.school, school_class=aw.b.school_class, subject=aw.history, date=aw.b.day
    )
    with pytest.raises(ValidationError) as error:
        procedure_create(actor=actor, instance=procedure)
    assert "school_class" in error.value.message_dict
    assert not AuditEvent.objects.filter(object_type="assessments.assessmentprocedure").exists()


def test_create_refuses_a_lesson_of_another_subject(aw, actor):
    sw = aw.a
    with pytest.raises(ValidationError) as error:
        procedure_create(actor=actor, instance=_new(sw, aw.history, sw.day, lesson=sw.lessons[0]))
    assert error.value.message_dict["lesson"] == [
        "The lesson is not a lesson of this class and subject on this date."
    ]


def test_create_refuses_a_group_of_another_class(aw, actor):
    sw = aw.a
    other = f.SchoolClassFactory.create(period_set=sw.period_set, grade=6, letter="Б")
    group = f.StudyGroupFactory.create(school_class=other)
    with pytest.raises(ValidationError) as error:
        procedure_create(actor=actor, instance=_new(sw, aw.history, sw.day, study_group=group))
    assert "study_group" in error.value.message_dict


def test_create_refuses_a_second_procedure_of_the_subject_that_day(aw, actor):
    sw = aw.a
    with pytest.raises(ValidationError):
        procedure_create(actor=actor, instance=_new(sw, aw.math, sw.day))
    assert AssessmentProcedure.objects.filter(school=sw.school).count() == 1


def test_update_to_another_day_finds_that_days_lesson(aw, actor):
    sw = aw.a
    later = monday_of(sw.year, 6)
    lessons = day_lessons(sw, later, [aw.math, aw.russian], sw.class_teacher)
    procedure = aw.procedures[sw.school.pk]
    saved = procedure_update(actor=actor, instance=procedure, data={"date": later})
    assert saved.lesson == lessons[0]
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_id=procedure.pk)
    assert (event.after or {})["date"] == later.isoformat()


def test_update_to_a_day_without_lessons_unbinds(aw, actor):
    sw = aw.a
    procedure = aw.procedures[sw.school.pk]
    saved = procedure_update(actor=actor, instance=procedure, data={"date": monday_of(sw.year, 8)})
    assert saved.lesson is None


def test_delete_is_audited(aw, actor):
    procedure = aw.procedures[aw.a.school.pk]
    procedure_delete(actor=actor, instance=procedure)
    assert not AssessmentProcedure.objects.filter(pk=procedure.pk).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DELETE).count() == 1


def test_plan_for_grade_creates_one_per_class_and_binds_lessons(aw, actor):
    # given grade 5 of school A has 5А (with lessons that day) and 5Б, and grade 6 has 6А
    sw = aw.a
    c5b = f.SchoolClassFactory.create(period_set=sw.period_set, grade=5, letter="Б")
    f.SchoolClassFactory.create(period_set=sw.period_set, grade=6, letter="А")
    planned = procedures_plan_for_grade(
        actor=actor,
        school=sw.school,
        academic_year=sw.year,
        grade=5,
        subject=aw.history,
        date=sw.day,
        level="federal",
        form="check_work",
        title="ВПР",
    )
    assert [p.school_class for p in planned] == [sw.school_class, c5b]
    assert planned[0].lesson == sw.lessons[2]
    assert planned[1].lesson is None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE).count() == 2


def test_plan_for_grade_is_all_or_nothing_and_names_the_class(aw, actor):
    # given 5А already has math that day
    sw = aw.a
    f.SchoolClassFactory.create(period_set=sw.period_set, grade=5, letter="Б")
    before = AssessmentProcedure.objects.count()
    with pytest.raises(ValidationError) as error:
        procedures_plan_for_grade(
            actor=actor,
            school=sw.school,
            academic_year=sw.year,
            grade=5,
            subject=aw.math,
            date=sw.day,
            level="school",
            form="test",
        )
    assert error.value.messages == [
        "5А: The class already has a procedure in this subject on this date."
    ]
    assert AssessmentProcedure.objects.count() == before


def test_plan_for_grade_without_classes(aw, actor):
    with pytest.raises(ValidationError) as error:
        procedures_plan_for_grade(
            actor=actor,
            school=aw.a.school,
            academic_year=aw.a.year,
            grade=9,
            subject=aw.math,
            date=aw.a.day,
            level="school",
            form="test",
        )
    assert error.value.message_dict == {"grade": ["The academic year has no classes of grade 9."]}
