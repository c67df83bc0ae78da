"""Mark services: the scale, enrollment dates, «без отметок», cancelled lessons, other schools,
who may write and the edit window, versions, the audit trail and the cost of a save."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from parta.accounts.access import access_for
from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.journal.models import JournalSettings, Mark, MarkFreeSubject, MarkScale
from parta.journal.services import (
    StaleEdit,
    journal_settings_for,
    mark_delete,
    mark_set,
    scale_for,
)
from parta.journal.tests.test_services_rig import Rig


def events(kind: str = "journal.mark") -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type=kind).order_by("pk"))


def set_mark(rig: Rig, value: str = "5", **kwargs: Any) -> Mark:
    values: dict[str, Any] = {
        "actor": rig.teacher_actor,
        "assignment": rig.assignment,
        "student": rig.student,
        "value": value,
        "expected_version": None,
    }
    values.update(kwargs)
    return mark_set(**values)


# --- setting a mark ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored"),
    [("5", "5"), (" 4 ", "4"), ("5 / 4", "5/4"), ("Н/А", "н/а"), ("H/A", "н/а"), ("осв", "осв")],
)
def test_mark_set_stores_the_value_as_the_scale_spells_it(
    rig: Rig, typed: str, stored: str
) -> None:
    # when the teacher types a value
    mark = set_mark(rig, typed)
    # then it is stored normalized, at version 1, in the lesson's school
    mark.refresh_from_db()
    assert (mark.value, mark.version, mark.school_id) == (stored, 1, rig.school.pk)


@pytest.mark.parametrize("typed", ["6", "0", "5/н", "5/4/3", "abc", "+"])
def test_mark_set_refuses_a_value_outside_the_scale(rig: Rig, typed: str) -> None:
    with pytest.raises(ValidationError) as error:
        set_mark(rig, typed)
    assert error.value.code == "scale"
    assert "is not a mark of the school's scale" in error.value.messages[0]
    assert not Mark.objects.exists()
    assert not events()


def test_mark_set_uses_the_schools_own_scale(rig: Rig) -> None:
    # given a school with a ten-point scale
    scale = MarkScale.objects.create(
        school=rig.school,
        name="Десятибалльная",
        values=[{"value": str(n), "points": n} for n in range(1, 11)],
    )
    JournalSettings.objects.create(school=rig.school, mark_scale=scale)
    # then 10 is a mark and «н/а» is not
    assert set_mark(rig, "10").value == "10"
    with pytest.raises(ValidationError):
        set_mark(rig, "н/а", student=rig.student2)
    assert scale_for(rig.school)["10"] == 10


def test_a_duty_flag_alone_is_a_mark_but_an_empty_value_is_not(rig: Rig) -> None:
    mark = set_mark(rig, "", is_duty=True)
    assert (mark.value, mark.is_duty) == ("", True)
    with pytest.raises(ValidationError) as error:
        set_mark(rig, " ", student=rig.student2)
    assert error.value.code == "empty"


def test_a_comment_is_kept_and_a_long_one_refused(rig: Rig) -> None:
    assert set_mark(rig, "4", comment="  у доски ").comment == "у доски"
    with pytest.raises(ValidationError):
        set_mark(rig, "4", comment="x" * 301, student=rig.student2)


def test_mark_set_changes_a_mark_and_grows_its_version(rig: Rig) -> None:
    first = set_mark(rig, "3")
    second = set_mark(rig, "4", comment="исправил", expected_version=1)
    assert second.pk == first.pk
    second.refresh_from_db()
    assert (second.value, second.comment, second.version) == ("4", "исправил", 2)


def test_saving_the_same_mark_again_writes_nothing(rig: Rig) -> None:
    set_mark(rig, "5")
    again = set_mark(rig, "5", expected_version=1)
    assert again.version == 1
    assert len(events()) == 1


# --- enrollment, «без отметок», cancelled lessons, schools -------------------------------------
@pytest.mark.parametrize(
    ("start_days", "end_days", "allowed"),
    [
        (0, None, True),  # enrolled since the lesson day
        (-10, 0, True),  # left on the lesson day: still in class that day
        (1, None, False),  # arrives the day after
        (-10, -1, False),  # left the day before
    ],
)
def test_a_mark_needs_the_student_in_the_class_on_the_lesson_date(
    rig: Rig, start_days: int, end_days: int | None, allowed: bool
) -> None:
    day = rig.lesson.date
    student = f.EnrollmentFactory.create(
        school_class=rig.school_class,
        start_date=max(rig.year.start_date, day + datetime.timedelta(days=start_days)),
        end_date=None if end_days is None else day + datetime.timedelta(days=end_days),
    ).student
    if allowed:
        assert set_mark(rig, "5", student=student).value == "5"
        return
    with pytest.raises(ValidationError) as error:
        set_mark(rig, "5", student=student)
    assert error.value.code == "enrollment"
    assert "is not in 5А on" in error.value.messages[0]
    assert not Mark.objects.exists()


def test_a_group_lesson_takes_marks_of_its_members_only(rig: Rig) -> None:
    from parta.people.models import StudyGroupMembership

    group = f.StudyGroupFactory.create(school_class=rig.school_class, name="5А англ. 1")
    StudyGroupMembership.objects.create(
        school=rig.school, group=group, student=rig.student, start_date=rig.year.start_date
    )
    lesson = rig.lesson_on(rig.lesson.date, school_class=None, study_group=group, slot_number=2)
    assignment = f.AssignmentFactory.create(lesson=lesson, work_type=rig.work_type)
    assert set_mark(rig, "4", assignment=assignment).value == "4"
    with pytest.raises(ValidationError) as error:
        set_mark(rig, "4", assignment=assignment, student=rig.student2)
    assert error.value.code == "enrollment"


@pytest.mark.parametrize("whole_class", [True, False])
def test_no_marks_in_a_class_or_subject_taught_without_marks(rig: Rig, whole_class: bool) -> None:
    MarkFreeSubject.objects.create(
        school=rig.school,
        school_class=rig.school_class,
        subject=None if whole_class else rig.subject,
    )
    with pytest.raises(ValidationError) as error:
        set_mark(rig, "5")
    assert error.value.code == "mark_free"
    assert "is taught without marks" in error.value.messages[0]
    assert not Mark.objects.exists()
    assert not events()


def test_another_subject_of_the_class_keeps_its_marks(rig: Rig) -> None:
    other = f.federal_subject("Русский язык")
    MarkFreeSubject.objects.create(school=rig.school, school_class=rig.school_class, subject=other)
    assert set_mark(rig, "5").value == "5"


def test_no_marks_in_a_cancelled_lesson(rig: Rig) -> None:
    rig.lesson.status = "cancelled"
    rig.lesson.save(update_fields=["status"])
    with pytest.raises(ValidationError) as error:
        set_mark(rig, "5", actor=rig.deputy_actor)
    assert error.value.code == "cancelled"
    assert not Mark.objects.exists()


def test_a_student_of_another_school_is_refused(rig: Rig) -> None:
    stranger = f.StudentFactory.create()
    with pytest.raises(ValidationError) as error:
        set_mark(rig, "5", student=stranger, actor=rig.deputy_actor)
    assert error.value.code == "school"
    assert not Mark.objects.exists()


# --- who may write, the edit window ------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("teacher", True),
        ("deputy", True),
        ("substitute", True),
        ("class_teacher", False),  # reads the class, does not keep this subject's journal
        ("secretary", False),
        ("other_school_director", False),
    ],
)
def test_who_may_set_a_mark(rig: Rig, who: str, allowed: bool) -> None:
    from parta.accounts.models import RoleAssignment
    from parta.core.context import Actor

    f.SubstitutionFactory.create(lesson=rig.lesson, teacher=rig.substitute)
    users = {
        "teacher": rig.teacher_user,
        "deputy": rig.deputy_user,
        "substitute": rig.sub_user,
        "class_teacher": rig.other_user,
        "secretary": rig.secretary_user,
    }
    if who == "other_school_director":
        user = f.UserFactory.create()
        RoleAssignment.objects.create(
            user=user, organization=f.OrganizationFactory.create(), role="director"
        )
    else:
        user = users[who]
    actor = Actor(user=user)
    if allowed:
        assert set_mark(rig, "5", actor=actor).value == "5"
        return
    with pytest.raises(ValidationError) as error:
        set_mark(rig, "5", actor=actor)
    assert error.value.code == "forbidden"
    assert not Mark.objects.exists()
    assert not events()


@pytest.mark.parametrize(
    ("window", "days_after", "teacher_may"),
    [(7, 0, True), (7, 7, True), (7, 8, False), (0, 0, True), (0, 1, False), (30, 30, True)],
)
def test_the_edit_window_binds_the_teacher_not_the_deputy(
    rig: Rig, window: int, days_after: int, teacher_may: bool
) -> None:
    JournalSettings.objects.create(school=rig.school, edit_window_days=window)
    later = rig.lesson.date + datetime.timedelta(days=days_after)
    with time_machine.travel(rig.noon(later), tick=False):
        if teacher_may:
            set_mark(rig, "5")
        else:
            with pytest.raises(ValidationError) as error:
                set_mark(rig, "5")
            assert error.value.code == "window"
            assert "the edit window of" in error.value.messages[0]
            assert not Mark.objects.exists()
        # the deputy director corrects at any time
        set_mark(rig, "4", actor=rig.deputy_actor, student=rig.student2)


def test_the_edit_window_counts_days_in_the_schools_time_zone(rig: Rig) -> None:
    # given a school in Vladivostok (UTC+10) with the default window of 7 days
    rig.school.timezone = "Asia/Vladivostok"
    rig.school.save(update_fields=["timezone"])
    last = rig.lesson.date + datetime.timedelta(days=7)
    # when it is 23:30 in Moscow on the last day, it is already the next day in Vladivostok
    moscow = datetime.datetime.combine(
        last, datetime.time(23, 30), datetime.timezone(datetime.timedelta(hours=3))
    )
    with time_machine.travel(moscow, tick=False), pytest.raises(ValidationError) as error:
        set_mark(rig, "5")
    assert error.value.code == "window"
    # and at 09:00 of the last day in Vladivostok the teacher still may
    vladivostok = datetime.datetime.combine(
        last, datetime.time(9), datetime.timezone(datetime.timedelta(hours=10))
    )
    with time_machine.travel(vladivostok, tick=False):
        assert set_mark(rig, "5").version == 1


# --- concurrency: versions ---------------------------------------------------------------------
def test_a_stale_save_is_refused_with_the_current_mark(rig: Rig) -> None:
    # given a mark the first teacher saw at version 1, changed since by the deputy director
    set_mark(rig, "3")
    set_mark(rig, "4", actor=rig.deputy_actor, expected_version=1)
    # when the teacher saves on top of version 1
    with pytest.raises(StaleEdit) as error:
        set_mark(rig, "5", expected_version=1)
    # then the save is refused, the deputy's mark stays and travels with the refusal
    assert error.value.current.value == "4"
    assert error.value.current.version == 2
    assert "it is now «4»" in error.value.messages[0]
    assert Mark.objects.get().value == "4"


def test_a_first_mark_saved_twice_is_refused_the_second_time(rig: Rig) -> None:
    set_mark(rig, "3")
    with pytest.raises(StaleEdit) as error:
        set_mark(rig, "5", expected_version=None)
    assert error.value.current.value == "3"
    assert Mark.objects.get().value == "3"


def test_a_save_over_a_removed_mark_is_refused(rig: Rig) -> None:
    mark = set_mark(rig, "3")
    mark_delete(actor=rig.deputy_actor, mark=mark, expected_version=1)
    with pytest.raises(StaleEdit) as error:
        set_mark(rig, "5", expected_version=1)
    assert error.value.current is None
    assert "has just been removed" in error.value.messages[0]
    assert not Mark.objects.exists()


def test_mark_delete_refuses_a_stale_version(rig: Rig) -> None:
    mark = set_mark(rig, "3")
    set_mark(rig, "4", expected_version=1)
    with pytest.raises(StaleEdit):
        mark_delete(actor=rig.teacher_actor, mark=mark, expected_version=1)
    assert Mark.objects.get().value == "4"


def test_mark_delete_obeys_the_edit_window(rig: Rig) -> None:
    mark = set_mark(rig, "3")
    with time_machine.travel(rig.noon(rig.lesson.date + datetime.timedelta(days=30))):
        with pytest.raises(ValidationError) as error:
            mark_delete(actor=rig.teacher_actor, mark=mark, expected_version=1)
        assert error.value.code == "window"
        mark_delete(actor=rig.deputy_actor, mark=mark, expected_version=1)
    assert not Mark.objects.exists()


# --- the audit trail ---------------------------------------------------------------------------
def test_each_change_of_a_mark_leaves_one_event_with_before_and_after(rig: Rig) -> None:
    # when a mark is created, changed and removed
    mark = set_mark(rig, "3")
    set_mark(rig, "4", comment="пересдал", expected_version=1)
    mark_delete(actor=rig.deputy_actor, mark=mark, expected_version=2)
    # then there are exactly three events, each naming the cell, the actor and the address
    created, updated, deleted = events()
    cell = {"lesson_id": rig.lesson.pk, "assignment_id": rig.assignment.pk}
    cell["student_id"] = rig.student.pk
    assert created.action == "create"
    assert created.before is None
    assert created.after is not None
    assert created.after["value"] == "3"
    assert cell.items() <= created.after.items()
    assert (created.actor_id, created.ip_address) == (rig.teacher_user.pk, "10.0.0.5")
    assert updated.action == "update"
    assert updated.before == {**cell, "value": "3", "comment": "", "version": 1}
    assert updated.after == {**cell, "value": "4", "comment": "пересдал", "version": 2}
    assert deleted.action == "delete"
    assert deleted.after is None
    assert deleted.before is not None
    assert deleted.before["value"] == "4"
    assert cell.items() <= deleted.before.items()
    assert deleted.actor_id == rig.deputy_user.pk
    assert {e.object_id for e in (created, updated, deleted)} == {str(mark.pk)}
    assert {e.school_id for e in (created, updated, deleted)} == {rig.school.pk}


def test_a_refused_save_leaves_no_event(rig: Rig) -> None:
    with pytest.raises(ValidationError):
        set_mark(rig, "9")
    assert not AuditEvent.objects.exists()


# --- the cost of a save ------------------------------------------------------------------------
@pytest.mark.parametrize("existing", [False, True])
def test_saving_a_mark_costs_at_most_six_statements(
    rig: Rig, django_assert_max_num_queries: Any, existing: bool
) -> None:
    # given a school with its own settings, a substitution (the keeper check sees both)
    JournalSettings.objects.create(school=rig.school, edit_window_days=10)
    if existing:
        set_mark(rig, "3")
    access_for(rig.teacher_user)  # the request resolves access before the service runs
    with django_assert_max_num_queries(6):
        set_mark(rig, "5", expected_version=1 if existing else None)


def test_removing_a_mark_costs_at_most_six_statements(
    rig: Rig, django_assert_max_num_queries: Any
) -> None:
    mark = set_mark(rig, "3")
    access_for(rig.teacher_user)
    with django_assert_max_num_queries(6):
        mark_delete(actor=rig.teacher_actor, mark=mark, expected_version=1)


# --- settings ----------------------------------------------------------------------------------
def test_journal_settings_default_without_a_row(rig: Rig) -> None:
    settings = journal_settings_for(rig.school)
    assert settings.pk is None
    assert (settings.edit_window_days, settings.min_marks) == (7, 3)
    assert settings.rounding_threshold == Decimal("0.50")
    assert scale_for(rig.school)["5"] == 5
    assert scale_for(rig.school)["н/а"] is None


@pytest.mark.parametrize("existing", [False, True])
def test_the_mark_and_its_event_commit_or_roll_back_together(
    rig: Rig, monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    # given the audit log fails while a mark is saved
    from parta.journal.services import marks

    if existing:
        set_mark(rig, "3")

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(marks, "audit_record", broken)
    # when the teacher saves
    with pytest.raises(RuntimeError):
        set_mark(rig, "5", expected_version=1 if existing else None)
    # then the mark is as before: the change rolled back with its event
    assert list(Mark.objects.values_list("value", "version")) == ([("3", 1)] if existing else [])


def test_a_grade_group_follows_each_students_own_class_for_marks(rig: Rig) -> None:
    # given a group across grade 5 with a student of 5А and one of 5Б, and 5Б without marks
    from parta.people.models import StudyGroupMembership

    other_class = f.SchoolClassFactory.create(period_set=rig.school_class.period_set, letter="Б")
    from_b = f.EnrollmentFactory.create(school_class=other_class).student
    MarkFreeSubject.objects.create(school=rig.school, school_class=other_class)
    group = f.StudyGroupFactory.create(
        school_class=None,
        school=rig.school,
        academic_year=rig.year,
        kind="cross_class",
        grade=5,
        name="5 проф.",
    )
    for student in (rig.student, from_b):
        StudyGroupMembership.objects.create(
            school=rig.school, group=group, student=student, start_date=rig.year.start_date
        )
    lesson = rig.lesson_on(rig.lesson.date, school_class=None, study_group=group, slot_number=4)
    assignment = f.AssignmentFactory.create(lesson=lesson, work_type=rig.work_type)
    # then the student of 5А takes a mark and the student of 5Б does not
    assert set_mark(rig, "5", assignment=assignment).value == "5"
    with pytest.raises(ValidationError) as error:
        set_mark(rig, "5", assignment=assignment, student=from_b)
    assert error.value.code == "mark_free"


def test_a_group_member_who_left_the_group_takes_no_mark(rig: Rig) -> None:
    from parta.people.models import StudyGroupMembership

    group = f.StudyGroupFactory.create(school_class=rig.school_class, name="5А инф. 1")
    StudyGroupMembership.objects.create(
        school=rig.school,
        group=group,
        student=rig.student,
        start_date=rig.year.start_date,
        end_date=rig.lesson.date - datetime.timedelta(days=1),
    )
    lesson = rig.lesson_on(rig.lesson.date, school_class=None, study_group=group, slot_number=5)
    assignment = f.AssignmentFactory.create(lesson=lesson, work_type=rig.work_type)
    with pytest.raises(ValidationError) as error:
        set_mark(rig, "5", assignment=assignment)
    assert error.value.code == "enrollment"


def test_the_facts_statement_is_prepared_on_postgresql(rig: Rig) -> None:
    # given a teacher saving marks one after another on one connection
    from django.db import connection

    for value in ("5", "4", "3", "5", "4", "3", "5"):
        mark = Mark.objects.filter(assignment=rig.assignment, student=rig.student).first()
        set_mark(rig, value, expected_version=mark.version if mark else None)
    # then on PostgreSQL the server keeps the facts statement prepared (it is not planned on
    # every save); other databases run it as any query
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            statements = [row[0] for row in cursor.fetchall()]
            assert any("o.timezone" in statement for statement in statements)
    assert Mark.objects.get(assignment=rig.assignment, student=rig.student).value == "5"
