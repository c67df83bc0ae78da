"""Absence documents: who may enter them, date validation, recoding the covered «н» (borders,
subject-limited exemptions, late «о» untouched), shrinking and deleting restores, the audit
trail; and the full-day selector for the class teacher."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.journal.classteacher import class_attendance, full_day_reason, full_days_missed
from parta.journal.models import AbsenceDocument, AttendanceMark
from parta.journal.services import (
    absence_document_create,
    absence_document_delete,
    absence_document_update,
)
from parta.journal.tests.test_services_rig import Rig

DAY = datetime.timedelta(days=1)


@pytest.fixture
def rig(db: None) -> Iterator[Rig]:
    rig = Rig()
    with time_machine.travel(rig.noon(rig.lesson.date + 14 * DAY), tick=False):
        yield rig


def class_teacher(rig: Rig) -> Actor:
    return rig.other_actor  # the rig's «other teacher» leads class 5А


def absent(rig: Rig, day: datetime.date, code: str = "н", **lesson: Any) -> Any:
    lesson_obj = rig.lesson_on(day, **lesson)
    return f.AttendanceMarkFactory.create(lesson=lesson_obj, student=rig.student, code=code)


def create(rig: Rig, actor: Actor | None = None, **kwargs: Any) -> AbsenceDocument:
    monday = rig.lesson.date
    values: dict[str, Any] = {
        "actor": actor or class_teacher(rig),
        "school": rig.school,
        "student": rig.student,
        "start_date": monday,
        "end_date": monday + 2 * DAY,
        "reason": "illness",
    }
    values.update(kwargs)
    return absence_document_create(**values)


def codes(*marks: Any) -> list[str]:
    return [AttendanceMark.objects.get(pk=m.pk).code for m in marks]


# --- recoding ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("reason", "code"), [("illness", "б"), ("exemption", "у"), ("family", "у"), ("other", "у")]
)
def test_create_recodes_unexcused_absences_by_reason(rig: Rig, reason: str, code: str) -> None:
    # given an unexcused absence inside the document's dates
    mark = absent(rig, rig.lesson.date + DAY)
    # when the class teacher enters the document
    document = create(rig, reason=reason)
    # then the absence takes the reason's code, remembers the document and gets a new version
    mark.refresh_from_db()
    assert (mark.code, mark.document_id, mark.version) == (code, document.pk, 2)


def test_create_covers_both_border_days_and_nothing_outside(rig: Rig) -> None:
    monday = rig.lesson.date
    before, first, last, after = (
        absent(rig, monday - DAY, slot_number=2),
        absent(rig, monday, slot_number=2),
        absent(rig, monday + 2 * DAY),
        absent(rig, monday + 3 * DAY),
    )
    create(rig)
    assert codes(before, first, last, after) == ["н", "б", "б", "н"]


def test_late_and_already_excused_marks_are_untouched(rig: Rig) -> None:
    monday = rig.lesson.date
    late = absent(rig, monday, code="о", slot_number=2)
    excused = absent(rig, monday, code="у", slot_number=3)
    create(rig)
    late.refresh_from_db()
    excused.refresh_from_db()
    assert (late.code, late.version, late.document_id) == ("о", 1, None)
    assert (excused.code, excused.version, excused.document_id) == ("у", 1, None)


def test_a_subject_limited_exemption_recodes_only_that_subjects_lessons(rig: Rig) -> None:
    monday = rig.lesson.date
    pe = f.federal_subject("Физическая культура")
    gym = absent(rig, monday, subject=pe, slot_number=2)
    maths = absent(rig, monday, slot_number=3)
    create(rig, reason="exemption", subject=pe)
    assert codes(gym, maths) == ["у", "н"]


def test_other_students_absences_are_untouched(rig: Rig) -> None:
    lesson = rig.lesson_on(rig.lesson.date, slot_number=2)
    theirs = f.AttendanceMarkFactory.create(lesson=lesson, student=rig.student2, code="н")
    create(rig)
    assert codes(theirs) == ["н"]


def test_create_audits_the_document_and_each_recoded_mark(rig: Rig) -> None:
    monday = rig.lesson.date
    absent(rig, monday, slot_number=2)
    absent(rig, monday + DAY)
    create(rig)
    documents = AuditEvent.objects.filter(object_type="journal.absencedocument")
    marks = AuditEvent.objects.filter(object_type="journal.attendancemark").order_by("pk")
    assert [e.action for e in documents] == [AuditEvent.Action.CREATE]
    assert [(e.before["code"], e.after["code"]) for e in marks] == [("н", "б"), ("н", "б")]  # type: ignore[index]


# --- shrinking, changing, deleting -----------------------------------------------------------
def test_shrinking_restores_the_marks_no_longer_covered(rig: Rig) -> None:
    monday = rig.lesson.date
    first = absent(rig, monday, slot_number=2)
    last = absent(rig, monday + 2 * DAY)
    document = create(rig)
    absence_document_update(
        actor=class_teacher(rig), school=rig.school, document=document, end_date=monday + DAY
    )
    assert codes(first, last) == ["б", "н"]
    last.refresh_from_db()
    assert (last.document_id, last.version) == (None, 3)


def test_widening_recodes_newly_covered_and_a_new_reason_recodes_again(rig: Rig) -> None:
    monday = rig.lesson.date
    first = absent(rig, monday, slot_number=2)
    later = absent(rig, monday + 4 * DAY)
    document = create(rig)
    absence_document_update(
        actor=class_teacher(rig),
        school=rig.school,
        document=document,
        end_date=monday + 4 * DAY,
        reason="family",
    )
    assert codes(first, later) == ["у", "у"]


def test_delete_restores_only_the_marks_it_recoded(rig: Rig) -> None:
    monday = rig.lesson.date
    recoded = absent(rig, monday, slot_number=2)
    excused = absent(rig, monday, code="у", slot_number=3)
    document = create(rig)
    absence_document_delete(actor=class_teacher(rig), school=rig.school, document=document)
    assert codes(recoded, excused) == ["н", "у"]
    assert not AbsenceDocument.objects.exists()
    assert AuditEvent.objects.filter(
        object_type="journal.absencedocument", action=AuditEvent.Action.DELETE
    ).exists()


# --- validation and access -------------------------------------------------------------------
def test_end_before_start_is_refused(rig: Rig) -> None:
    monday = rig.lesson.date
    with pytest.raises(ValidationError) as error:
        create(rig, start_date=monday + DAY, end_date=monday)
    assert "The end cannot be earlier than the start." in error.value.messages
    assert not AbsenceDocument.objects.exists()


def test_dates_outside_the_academic_year_are_refused(rig: Rig) -> None:
    with pytest.raises(ValidationError) as error:
        create(rig, end_date=rig.year.end_date + DAY)
    assert "must lie inside one academic year" in error.value.messages[0]


def test_a_student_of_another_school_is_refused(rig: Rig) -> None:
    stranger = f.StudentFactory.create()
    with pytest.raises(ValidationError) as error:
        create(rig, actor=rig.deputy_actor, student=stranger)
    assert "The student does not belong to this school." in error.value.messages
    assert not AbsenceDocument.objects.exists()


def test_the_deputy_director_may_enter_a_document(rig: Rig) -> None:
    mark = absent(rig, rig.lesson.date, slot_number=2)
    create(rig, actor=rig.deputy_actor)
    assert codes(mark) == ["б"]


@pytest.mark.parametrize("who", ["teacher_actor", "secretary"])
def test_others_may_not_enter_documents_and_nothing_changes(rig: Rig, who: str) -> None:
    # given a subject teacher (not the class teacher) or the secretary
    actor = Actor(user=rig.secretary_user) if who == "secretary" else rig.teacher_actor
    mark = absent(rig, rig.lesson.date, slot_number=2)
    with pytest.raises(ValidationError) as error:
        create(rig, actor=actor)
    assert error.value.code == "forbidden"
    assert not AbsenceDocument.objects.exists()
    assert codes(mark) == ["н"]
    assert not AuditEvent.objects.filter(object_type__startswith="journal.").exists()


def test_denied_delete_changes_nothing(rig: Rig) -> None:
    mark = absent(rig, rig.lesson.date, slot_number=2)
    document = create(rig)
    with pytest.raises(ValidationError):
        absence_document_delete(actor=rig.teacher_actor, school=rig.school, document=document)
    assert AbsenceDocument.objects.filter(pk=document.pk).exists()
    assert codes(mark) == ["б"]


def test_another_schools_document_is_not_found(rig: Rig) -> None:
    document = create(rig)
    other = f.OrganizationFactory.create()
    with pytest.raises(AbsenceDocument.DoesNotExist):
        absence_document_delete(actor=rig.deputy_actor, school=other, document=document)


# --- full days --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day_codes", "reason"),
    [
        ([], None),
        (["н"], "н"),
        (["н", "б"], "н"),
        (["б", "б"], "б"),
        (["б", "у"], "у"),
        (["н", None], None),
        (["н", "о"], None),
        (["о"], None),
    ],
)
def test_full_day_reason(day_codes: list[str | None], reason: str | None) -> None:
    assert full_day_reason(day_codes) == reason


def test_full_day_needs_every_non_cancelled_lesson_missed(rig: Rig) -> None:
    # given the rig's lesson on Monday (missed) and a cancelled one (not marked)
    monday = rig.lesson.date
    f.AttendanceMarkFactory.create(lesson=rig.lesson, student=rig.student, code="б")
    rig.lesson_on(monday, slot_number=2, status="cancelled")
    # and on Tuesday two lessons, one missed
    absent(rig, monday + DAY, slot_number=1)
    rig.lesson_on(monday + DAY, slot_number=2)
    # and on Wednesday a group lesson of the student's group, missed, and a class lesson missed
    group = f.StudyGroupFactory.create(school=rig.school, school_class=rig.school_class)
    group.memberships.create(school=rig.school, student=rig.student, start_date=monday)
    absent(rig, monday + 2 * DAY, slot_number=1)
    absent(rig, monday + 2 * DAY, school_class=None, study_group=group, slot_number=2)
    # when the class teacher looks at the week
    result = full_days_missed(rig.school_class, monday, monday + 6 * DAY)
    # then Monday (ill) and Wednesday (unexcused) are full days, Tuesday is not
    assert result[rig.student.pk] == {"б": 1, "н": 1}
    assert result[rig.student2.pk] == {}


def test_a_group_lesson_attended_breaks_the_full_day(rig: Rig) -> None:
    monday = rig.lesson.date
    group = f.StudyGroupFactory.create(school=rig.school, school_class=rig.school_class)
    group.memberships.create(school=rig.school, student=rig.student, start_date=monday)
    f.AttendanceMarkFactory.create(lesson=rig.lesson, student=rig.student, code="н")
    rig.lesson_on(monday, school_class=None, study_group=group, slot_number=2)
    result = class_attendance(rig.school_class, monday, monday)
    row = next(r for r in result.rows if r.student.pk == rig.student.pk)
    assert (row.days[0].compressed, row.days[0].full_day, row.missed_total) == ("н", None, 1)


@pytest.mark.parametrize("students", [2, 30])
def test_class_attendance_costs_the_same_for_few_and_many_students(
    rig: Rig, students: int, django_assert_max_num_queries: Any
) -> None:
    monday = rig.lesson.date
    for _ in range(students - 2):
        student = f.EnrollmentFactory.create(school_class=rig.school_class).student
        f.AttendanceMarkFactory.create(lesson=rig.lesson, student=student, code="н")
    with django_assert_max_num_queries(5):
        result = class_attendance(rig.school_class, monday, monday + 30 * DAY)
    assert len(result.rows) == students
