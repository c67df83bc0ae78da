"""Attendance, assignments, topics and the standard work types."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from parta.accounts.access import access_for
from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.journal.models import Assignment, AttendanceMark, MarkFreeSubject, WorkType
from parta.journal.services import (
    StaleEdit,
    assignment_create,
    assignment_delete,
    assignment_update,
    attendance_set,
    default_work_types,
    lesson_note_set,
    lesson_topic_set,
    mark_set,
)
from parta.journal.tests.test_services_rig import Rig


def events(kind: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type=kind).order_by("pk"))


def attend(rig: Rig, code: str | None, **kwargs: Any) -> AttendanceMark | None:
    values: dict[str, Any] = {
        "actor": rig.teacher_actor,
        "lesson": rig.lesson,
        "student": rig.student,
        "code": code,
        "expected_version": None,
    }
    values.update(kwargs)
    return attendance_set(**values)


# --- attendance --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored"),
    [("н", "н"), ("Н", "н"), ("h", "н"), ("у", "у"), ("п", "у"), ("у/п", "у"), ("б", "б")],
)
def test_attendance_codes_as_typed(rig: Rig, typed: str, stored: str) -> None:
    mark = attend(rig, typed)
    assert mark is not None
    assert (mark.code, mark.version) == (stored, 1)


@pytest.mark.parametrize("typed", ["x", "5", "нн"])
def test_an_unknown_attendance_code_is_refused(rig: Rig, typed: str) -> None:
    with pytest.raises(ValidationError) as error:
        attend(rig, typed)
    assert error.value.code == "attendance_code"
    assert not AttendanceMark.objects.exists()


def test_attendance_is_changed_cleared_and_audited_once_per_change(rig: Rig) -> None:
    attend(rig, "н")
    changed = attend(rig, "б", expected_version=1)
    assert changed is not None
    assert (changed.code, changed.version) == ("б", 2)
    assert attend(rig, "б", expected_version=2) is not None  # the same code: nothing written
    assert attend(rig, None, expected_version=2) is None
    assert not AttendanceMark.objects.exists()
    assert attend(rig, "", expected_version=None) is None  # nothing to clear: nothing written
    created, updated, deleted = events("journal.attendancemark")
    cell = {"lesson_id": rig.lesson.pk, "student_id": rig.student.pk}
    assert created.after is not None
    assert created.after["code"] == "н"
    assert updated.before == {**cell, "code": "н", "version": 1}
    assert updated.after == {**cell, "code": "б", "version": 2}
    assert deleted.before is not None
    assert deleted.before["code"] == "б"
    assert cell.items() <= deleted.before.items()


def test_a_stale_attendance_save_is_refused_with_the_current_code(rig: Rig) -> None:
    attend(rig, "н")
    attend(rig, "у", actor=rig.deputy_actor, expected_version=1)
    with pytest.raises(StaleEdit) as error:
        attend(rig, "б", expected_version=1)
    assert error.value.current.code == "у"
    assert "it is now «у»" in error.value.messages[0]
    with pytest.raises(StaleEdit):
        attend(rig, "о", expected_version=None, student=rig.student)
    assert AttendanceMark.objects.get().code == "у"


def test_attendance_is_kept_in_a_class_without_marks(rig: Rig) -> None:
    MarkFreeSubject.objects.create(school=rig.school, school_class=rig.school_class)
    assert attend(rig, "б") is not None


def test_attendance_needs_the_student_enrolled_on_the_lesson_date(rig: Rig) -> None:
    late = f.EnrollmentFactory.create(
        school_class=rig.school_class, start_date=rig.lesson.date + datetime.timedelta(days=1)
    ).student
    with pytest.raises(ValidationError) as error:
        attend(rig, "н", student=late)
    assert error.value.code == "enrollment"


def test_attendance_obeys_the_edit_window_and_the_keeper(rig: Rig) -> None:
    with pytest.raises(ValidationError) as error:
        attend(rig, "н", actor=rig.other_actor)
    assert error.value.code == "forbidden"
    with time_machine.travel(rig.noon(rig.lesson.date + datetime.timedelta(days=8))):
        with pytest.raises(ValidationError) as error:
            attend(rig, "н")
        assert error.value.code == "window"
        assert attend(rig, "н", actor=rig.deputy_actor) is not None
    assert len(events("journal.attendancemark")) == 1


def test_no_attendance_in_a_cancelled_lesson(rig: Rig) -> None:
    rig.lesson.status = "cancelled"
    rig.lesson.save(update_fields=["status"])
    with pytest.raises(ValidationError) as error:
        attend(rig, "н")
    assert error.value.code == "cancelled"


def test_saving_attendance_costs_at_most_six_statements(
    rig: Rig, django_assert_max_num_queries: Any
) -> None:
    attend(rig, "н")
    access_for(rig.teacher_user)
    with django_assert_max_num_queries(6):
        attend(rig, "б", expected_version=1)


# --- assignments -------------------------------------------------------------------------------
def test_assignment_create_appends_and_audits(rig: Rig) -> None:
    homework = f.WorkTypeFactory.create(
        school=rig.school, name="Домашнее задание", abbreviation="Д/з", is_homework=True
    )
    due = rig.lesson.date + datetime.timedelta(days=2)
    created = assignment_create(
        actor=rig.teacher_actor,
        lesson=rig.lesson,
        work_type=homework,
        title=" Упр. 5 ",
        text="с. 34, упр. 5",
        due_date=due,
    )
    assert (created.title, created.due_date, created.school_id) == ("Упр. 5", due, rig.school.pk)
    assert created.position > rig.assignment.position
    (event,) = events("journal.assignment")
    assert event.action == "create"
    assert event.after is not None
    assert event.after["text"] == "с. 34, упр. 5"


@pytest.mark.parametrize("problem", ["other_school", "inactive", "due_before_lesson", "title"])
def test_assignment_create_refuses_bad_input(rig: Rig, problem: str) -> None:
    work_type = rig.work_type
    kwargs: dict[str, Any] = {}
    if problem == "other_school":
        work_type = f.WorkTypeFactory.create(name="Чужая")
    elif problem == "inactive":
        work_type = f.WorkTypeFactory.create(school=rig.school, name="Старая", is_active=False)
    elif problem == "due_before_lesson":
        kwargs["due_date"] = rig.lesson.date - datetime.timedelta(days=1)
    else:
        kwargs["title"] = "x" * 301
    with pytest.raises(ValidationError):
        assignment_create(actor=rig.teacher_actor, lesson=rig.lesson, work_type=work_type, **kwargs)
    assert Assignment.objects.count() == 1
    assert not events("journal.assignment")


def test_assignment_create_needs_a_journal_keeper(rig: Rig) -> None:
    with pytest.raises(ValidationError) as error:
        assignment_create(actor=rig.other_actor, lesson=rig.lesson, work_type=rig.work_type)
    assert error.value.code == "forbidden"


def test_assignment_update_audits_the_difference_only(rig: Rig) -> None:
    test = f.WorkTypeFactory.create(school=rig.school, name="Контрольная работа", weight=3)
    updated = assignment_update(
        actor=rig.teacher_actor,
        assignment=rig.assignment,
        data={"work_type": test, "title": "К/р №1"},
    )
    assert (updated.work_type_id, updated.title) == (test.pk, "К/р №1")
    (event,) = events("journal.assignment")
    assert event.before == {"work_type_id": rig.work_type.pk, "title": ""}
    assert event.after == {"work_type_id": test.pk, "title": "К/р №1"}
    # the same data again writes nothing
    assignment_update(actor=rig.teacher_actor, assignment=rig.assignment, data={"title": "К/р №1"})
    assert len(events("journal.assignment")) == 1


def test_assignment_update_refuses_unknown_fields(rig: Rig) -> None:
    with pytest.raises(ValidationError):
        assignment_update(
            actor=rig.teacher_actor, assignment=rig.assignment, data={"lesson": rig.lesson}
        )


def test_assignment_delete_refuses_while_it_has_marks(rig: Rig) -> None:
    mark_set(
        actor=rig.teacher_actor,
        assignment=rig.assignment,
        student=rig.student,
        value="5",
        expected_version=None,
    )
    with pytest.raises(ValidationError) as error:
        assignment_delete(actor=rig.teacher_actor, assignment=rig.assignment)
    assert error.value.code == "has_marks"
    assert Assignment.objects.filter(pk=rig.assignment.pk).exists()


def test_assignment_delete_removes_and_audits(rig: Rig) -> None:
    pk = rig.assignment.pk
    assignment_delete(actor=rig.teacher_actor, assignment=rig.assignment)
    assert not Assignment.objects.filter(pk=pk).exists()
    (event,) = events("journal.assignment")
    assert (event.action, event.object_id) == ("delete", str(pk))
    assert event.before is not None
    assert event.before["lesson_id"] == rig.lesson.pk


# --- topics ------------------------------------------------------------------------------------
def test_lesson_topic_set_records_and_audits(rig: Rig) -> None:
    lesson = lesson_topic_set(
        actor=rig.teacher_actor, lesson=rig.lesson, topic="  Дроби.   Сложение "
    )
    assert lesson.topic == "Дроби. Сложение"
    rig.lesson.refresh_from_db()
    assert rig.lesson.topic == "Дроби. Сложение"
    lesson_topic_set(actor=rig.teacher_actor, lesson=rig.lesson, topic="Дроби. Сложение")
    (event,) = events("timetable.lesson")
    assert (event.before, event.after) == ({"topic": ""}, {"topic": "Дроби. Сложение"})


def test_lesson_topic_set_refuses_outsiders_and_long_topics(rig: Rig) -> None:
    with pytest.raises(ValidationError):
        lesson_topic_set(actor=rig.other_actor, lesson=rig.lesson, topic="Тема")
    with pytest.raises(ValidationError):
        lesson_topic_set(actor=rig.teacher_actor, lesson=rig.lesson, topic="x" * 501)
    rig.lesson.refresh_from_db()
    assert rig.lesson.topic == ""
    assert not events("timetable.lesson")


def test_lesson_note_set_records_audits_and_refuses_outsiders_and_long_notes(rig: Rig) -> None:
    # given the lesson's teacher writing a note
    lesson = lesson_note_set(actor=rig.teacher_actor, lesson=rig.lesson, note="  Контрольная  ")
    # then it is kept trimmed, with one audit event; the same note again records nothing
    assert lesson.note == "Контрольная"
    lesson_note_set(actor=rig.teacher_actor, lesson=rig.lesson, note="Контрольная")
    (event,) = events("timetable.lesson")
    assert (event.before, event.after) == ({"note": ""}, {"note": "Контрольная"})
    # and an outsider or a note over 1000 characters is refused, nothing changed
    with pytest.raises(ValidationError):
        lesson_note_set(actor=rig.other_actor, lesson=rig.lesson, note="Чужая")
    with pytest.raises(ValidationError) as too_long:
        lesson_note_set(actor=rig.teacher_actor, lesson=rig.lesson, note="x" * 1001)
    assert "note" in too_long.value.message_dict
    rig.lesson.refresh_from_db()
    assert rig.lesson.note == "Контрольная"
    assert len(events("timetable.lesson")) == 1


def test_a_substitute_sets_the_topic_of_the_substituted_lesson_only(rig: Rig) -> None:
    from parta.core.context import Actor

    f.SubstitutionFactory.create(lesson=rig.lesson, teacher=rig.substitute)
    other = rig.lesson_on(rig.lesson.date, slot_number=2)
    actor = Actor(user=rig.sub_user)
    assert lesson_topic_set(actor=actor, lesson=rig.lesson, topic="Замена").topic == "Замена"
    with pytest.raises(ValidationError) as error:
        lesson_topic_set(actor=actor, lesson=other, topic="Замена")
    assert error.value.code == "forbidden"


# --- work types --------------------------------------------------------------------------------
def test_default_work_types_creates_the_standard_set_once(rig: Rig) -> None:
    school = f.OrganizationFactory.create()
    created = default_work_types(actor=rig.deputy_actor, school=school)
    assert [(w.name, str(w.weight), w.is_homework) for w in created] == [
        ("Ответ на уроке", "1", False),
        ("Самостоятельная работа", "2", False),
        ("Контрольная работа", "3", False),
        ("Домашнее задание", "1", True),
        ("Лабораторная работа", "2", False),
        ("Диктант", "3", False),
        ("Проверочная работа", "2", False),
    ]
    assert len(events("journal.worktype")) == 7
    again = default_work_types(actor=rig.deputy_actor, school=school)
    assert [w.pk for w in again] == [w.pk for w in created]
    assert WorkType.objects.filter(school=school).count() == 7
    assert len(events("journal.worktype")) == 7


def test_default_work_types_keeps_a_schools_own_set(rig: Rig) -> None:
    assert [w.name for w in default_work_types(actor=rig.deputy_actor, school=rig.school)] == [
        "Ответ на уроке"
    ]
