"""Committed audit events become notifications: who is told about marks, absences, final
marks, lesson changes, messages, announcements and events; exactly once; after commit only."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from functools import partial
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record, snapshot
from parta.core.testing import factories as f
from parta.journal.models import FinalMark, Mark, MarkFreeSubject
from parta.journal.services import attendance_set, mark_delete, mark_set
from parta.journal.tests.test_services_rig import Rig
from parta.messaging.choices import AudienceScope, NotificationKind
from parta.messaging.models import (
    Announcement,
    Event,
    Message,
    Notification,
    NotificationPreference,
    NotificationSettings,
    Thread,
    ThreadParticipant,
)
from parta.messaging.notify.digest import send_digests
from parta.messaging.notify.dispatch import dispatch
from parta.messaging.notify.preferences import UserChoices
from parta.messaging.tests.factories_notifications import (
    Family,
    after_commit,
    login_for,
    make_family,
)
from parta.timetable.services.lessons import lesson_cancel
from parta.timetable.services.substitutions import substitution_set


@pytest.fixture
def rig(db: None) -> Iterator[Rig]:
    rig = Rig()
    with time_machine.travel(rig.noon(rig.lesson.date), tick=False):
        yield rig


@pytest.fixture
def family(rig: Rig) -> Family:
    return make_family(rig)


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    return partial(after_commit, django_capture_on_commit_callbacks)


def _told(**filters: Any) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    rows = Notification.objects.filter(**filters).order_by("pk").values_list("user_id", "title")
    for user_id, title in rows:
        found.setdefault(user_id, []).append(title)
    return found


def _mark(rig: Rig, value: str = "4", **kwargs: Any) -> Mark:
    current = Mark.objects.filter(
        assignment=rig.assignment, student=kwargs.get("student", rig.student)
    ).first()
    values: dict[str, Any] = {
        "actor": rig.teacher_actor,
        "assignment": rig.assignment,
        "student": rig.student,
        "value": value,
        "expected_version": current.version if current else None,
    }
    values.update(kwargs)
    return mark_set(**values)


def _events(object_type: str) -> list[int]:
    return list(
        AuditEvent.objects.filter(object_type=object_type)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


# --- marks -----------------------------------------------------------------------------------
def test_a_saved_mark_tells_the_student_and_both_parents_once(
    rig: Rig, family: Family, committed: Any
) -> None:
    # given a student with two parents
    # when the teacher saves a mark through the journal's service and the transaction commits
    with committed(execute=True):
        _mark(rig, "4", comment="Хорошо")
    # then the student and each parent have exactly one notification about it
    told = _told(kind=NotificationKind.MARK)
    assert set(told) == family.told_of_a_mark
    assert all(len(titles) == 1 for titles in told.values())
    subject = rig.subject.name
    assert told[family.student.pk] == [f"Mark 4 in {subject}"]
    # and the parents' titles name the child
    assert told[family.mother.pk][0].startswith(rig.student.person.short_name)
    row = Notification.objects.get(user=family.student)
    assert "Хорошо" in row.body
    assert "weight" in row.body
    assert row.school_id == rig.school.pk
    assert row.source_key.startswith("audit:")
    # and the teacher (the author), the other student and their parent hear nothing
    assert rig.teacher_user.pk not in told
    assert family.other_student.pk not in told
    assert family.other_parent.pk not in told
    # and marks are not e-mailed by default
    assert mail.outbox == []


def test_nothing_is_told_before_the_commit(rig: Rig, family: Family, committed: Any) -> None:
    # given a mark saved in a transaction that has not committed yet
    with committed(execute=False) as callbacks:
        _mark(rig, "5")
        # then nothing is created while it is open
        assert Notification.objects.count() == 0
    assert Notification.objects.count() == 0
    # when it commits (its callbacks run)
    for callback in callbacks:
        callback()
    # then the notifications appear
    assert set(_told()) == family.told_of_a_mark


def test_a_rolled_back_mark_tells_nobody(rig: Rig, family: Family, committed: Any) -> None:
    # given a transaction that saves a mark and then fails
    def failing() -> None:
        with transaction.atomic():
            _mark(rig, "5")
            raise RuntimeError

    with committed(execute=True), pytest.raises(RuntimeError):
        failing()
    # then nobody is told anything
    assert Notification.objects.count() == 0


def test_running_the_task_again_creates_nothing_and_sends_no_second_email(
    rig: Rig, family: Family, committed: Any
) -> None:
    # given the mother wants marks by e-mail
    NotificationPreference.objects.create(user=family.mother, kind="mark", in_app=True, email=True)
    with committed(execute=True):
        _mark(rig, "3")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mother@example.org"]
    assert "http://127.0.0.1:8000/notifications/settings/" in mail.outbox[0].body
    count = Notification.objects.count()
    # when the dispatch runs again over the same events (a retried task)
    dispatch(_events("journal.mark"))
    dispatch(_events("journal.mark") * 2)
    # then there are no duplicates and no second e-mail
    assert Notification.objects.count() == count
    assert len(mail.outbox) == 1


def test_a_new_value_tells_again_a_comment_alone_does_not(
    rig: Rig, family: Family, committed: Any
) -> None:
    capture = partial(committed, execute=True)
    with capture():
        _mark(rig, "4")
    # when only the comment changes
    with capture():
        _mark(rig, "4", comment="Молодец")
    # then nobody is told again
    assert Notification.objects.filter(user=family.student).count() == 1
    # when the value changes
    with capture():
        _mark(rig, "5", comment="Молодец")
    # then everybody is told of the change
    titles = _told()[family.student.pk]
    assert titles == [f"Mark 4 in {rig.subject.name}", f"Mark changed to 5 in {rig.subject.name}"]


def test_a_duty_flag_alone_and_a_removed_mark_tell_nobody(
    rig: Rig, family: Family, committed: Any
) -> None:
    capture = partial(committed, execute=True)
    # when the teacher sets only the duty flag, then removes it
    with capture():
        mark = _mark(rig, "", is_duty=True)
    with capture():
        mark_delete(actor=rig.teacher_actor, mark=mark, expected_version=mark.version)
    # then nobody is told
    assert Notification.objects.count() == 0


def test_a_class_without_marks_is_not_told_about_marks(
    rig: Rig, family: Family, committed: Any
) -> None:
    # given a mark saved while the class still had marks
    with committed(execute=False) as callbacks:
        _mark(rig, "4")
    # and the subject taught without marks in the class by the time the task runs
    MarkFreeSubject.objects.create(
        school=rig.school, school_class=rig.school_class, subject=rig.subject
    )
    for callback in callbacks:
        callback()
    # then nobody is told
    assert Notification.objects.count() == 0


def test_the_author_is_never_told_of_their_own_change(
    rig: Rig, family: Family, committed: Any
) -> None:
    # given the teacher is also a parent of the student
    f.GuardianshipFactory.create(student=rig.student, guardian=rig.teacher.person)
    # when they save the mark
    with committed(execute=True):
        _mark(rig, "5")
    # then the others are told and they are not
    assert set(_told()) == family.told_of_a_mark


def test_people_of_another_school_are_never_told(rig: Rig, family: Family, committed: Any) -> None:
    # given another school with its own students and parents
    other = Rig()
    other_family = make_family(other)
    # when marks are saved in the first school
    with committed(execute=True):
        _mark(rig, "4")
        _mark(rig, "2", student=rig.student2)
    # then nobody of the other school is told
    told = set(_told())
    assert told == family.told_of_a_mark | {family.other_student.pk, family.other_parent.pk}
    assert not told & {other_family.student.pk, other_family.mother.pk, other_family.father.pk}


# --- preferences -----------------------------------------------------------------------------
def test_preferences_in_app_off_email_on_both_off_and_the_threshold(
    rig: Rig, family: Family, committed: Any
) -> None:
    # given the mother wants marks only by e-mail, the father not at all, the student only
    # marks below 4
    NotificationPreference.objects.create(user=family.mother, kind="mark", in_app=False, email=True)
    NotificationPreference.objects.create(
        user=family.father, kind="mark", in_app=False, email=False
    )
    NotificationSettings.objects.create(user=family.student, mark_below=4)
    capture = partial(committed, execute=True)
    # when a 4 is saved
    with capture():
        _mark(rig, "4")
    # then the student is not told (not below 4), the father not at all; the mother's
    # notification exists only for its e-mail: read already (the bell does not count it)
    assert set(_told()) == {family.mother.pk}
    mothers = Notification.objects.get(user=family.mother)
    assert mothers.read_at is not None
    assert mothers.emailed_at is not None
    assert [m.to for m in mail.outbox] == [["mother@example.org"]]
    # when the mark becomes 3
    with capture():
        _mark(rig, "3")
    # then the student is told
    assert Notification.objects.filter(user=family.student).count() == 1


@pytest.mark.parametrize(
    ("below", "value", "told"),
    [
        (None, "5", True),
        (4, "4", False),
        (4, "3", True),
        (4, "5/2", False),
        (4, "3/2", True),
        (4, "н/а", True),
        (4, "нз", True),
        (4, "осв", False),
        (4, "зч", False),
    ],
)
def test_the_mark_threshold(below: int | None, value: str, told: bool) -> None:
    assert UserChoices(overrides={}, mark_below=below).wants_mark(value) is told


def test_a_user_without_an_email_address_gets_no_email(
    rig: Rig, family: Family, committed: Any
) -> None:
    # given the second student's parent has no address (absences are e-mailed by default)
    # when the second student is absent
    with committed(execute=True):
        attendance_set(
            actor=rig.teacher_actor,
            lesson=rig.lesson,
            student=rig.student2,
            code="н",
            expected_version=None,
        )
    # then the parent is told in Parta only
    row = Notification.objects.get(user=family.other_parent)
    assert row.email_now is None
    assert mail.outbox == []


# --- absences and final marks ----------------------------------------------------------------
def test_an_absence_tells_the_parents_not_the_student_and_a_late_tells_nobody(
    rig: Rig, family: Family, committed: Any
) -> None:
    capture = partial(committed, execute=True)
    # when the student is marked late
    with capture():
        late = attendance_set(
            actor=rig.teacher_actor,
            lesson=rig.lesson,
            student=rig.student,
            code="о",
            expected_version=None,
        )
    assert Notification.objects.count() == 0
    # when the code becomes absent
    with capture():
        absent = attendance_set(
            actor=rig.teacher_actor,
            lesson=rig.lesson,
            student=rig.student,
            code="н",
            expected_version=late.version if late is not None else None,
        )
    # then both parents are told, by e-mail too (the default), and the student is not
    told = _told(kind=NotificationKind.ABSENCE)
    assert set(told) == {family.mother.pk, family.father.pk}
    assert told[family.mother.pk][0].startswith(rig.student.person.short_name)
    assert "Absence from the lesson" in told[family.mother.pk][0]
    assert sorted(m.to[0] for m in mail.outbox) == ["father@example.org", "mother@example.org"]
    # when the absence is recoded to another absence code (ill)
    assert absent is not None
    with capture():
        attendance_set(
            actor=rig.teacher_actor,
            lesson=rig.lesson,
            student=rig.student,
            code="б",
            expected_version=absent.version,
        )
    # then nobody is told again
    assert Notification.objects.count() == 2


def test_a_final_mark_tells_the_student_and_the_parents_by_email_too(
    rig: Rig, family: Family, committed: Any
) -> None:
    # when a year mark is recorded (and audited) and committed
    def write() -> None:
        with transaction.atomic():
            row = FinalMark.objects.create(
                school=rig.school,
                academic_year=rig.year,
                student=rig.student,
                subject=rig.subject,
                kind="year",
                value="5",
            )
            audit_record(actor=rig.deputy_actor, action="create", instance=row, after=snapshot(row))

    with committed(execute=True):
        write()
    # then the student and both parents are told and e-mailed
    told = _told(kind=NotificationKind.FINAL_MARK)
    assert set(told) == family.told_of_a_mark
    assert told[family.student.pk] == [f"Year mark in {rig.subject.name}: 5"]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "father@example.org",
        "mother@example.org",
        "pupil@example.org",
    ]
    assert mail.outbox[0].subject.startswith("Parta: ")


# --- lesson changes --------------------------------------------------------------------------
def test_a_substitution_for_tomorrow_tells_the_class_and_the_parents(
    rig: Rig, family: Family, committed: Any
) -> None:
    # given a lesson tomorrow and one next week
    tomorrow = rig.lesson_on(rig.lesson.date + datetime.timedelta(days=1), slot_number=2)
    later = rig.lesson_on(rig.lesson.date + datetime.timedelta(days=8), slot_number=2)
    capture = partial(committed, execute=True)
    # when both get a substitute
    for lesson in (tomorrow, later):
        with capture():
            substitution_set(
                actor=rig.deputy_actor, lesson=lesson, teacher=rig.substitute, reason="illness"
            )
    # then only tomorrow's substitution is told, to the students and their parents
    told = _told(kind=NotificationKind.LESSON_CHANGE)
    assert set(told) == family.told_of_a_mark | {family.other_student.pk, family.other_parent.pk}
    assert all(len(titles) == 1 for titles in told.values())
    assert told[family.student.pk][0].startswith("Substitution: ")


def test_a_lesson_cancelled_today_tells_the_class(rig: Rig, family: Family, committed: Any) -> None:
    with committed(execute=True):
        lesson_cancel(actor=rig.deputy_actor, lesson=rig.lesson, reason="Карантин")
    told = _told(kind=NotificationKind.LESSON_CHANGE)
    assert family.student.pk in told
    assert family.mother.pk in told
    row = Notification.objects.get(user=family.student)
    assert row.title.startswith("Lesson cancelled: ")
    assert "Карантин" in row.body


# --- messages, announcements, events ---------------------------------------------------------
def _audited(actor_user: Any, instance: Any) -> None:
    with transaction.atomic():
        instance.save()
        audit_record(
            actor=Actor(user=actor_user),
            action="create",
            instance=instance,
            after=snapshot(instance),
        )


def test_a_message_tells_every_other_participant(rig: Rig, family: Family, committed: Any) -> None:
    # given a conversation of the teacher with both parents
    thread = Thread.objects.create(
        school=rig.school,
        subject="Экскурсия",
        created_by=rig.teacher_user,
        last_message_at=timezone.now(),
    )
    for user in (rig.teacher_user, family.mother, family.father):
        ThreadParticipant.objects.create(school=rig.school, thread=thread, user=user)
    # when the mother writes
    message = Message(school=rig.school, thread=thread, author=family.mother, body="Мы придём.")
    with committed(execute=True):
        _audited(family.mother, message)
    # then the teacher and the father are told, she is not; messages are e-mailed by default
    told = _told(kind=NotificationKind.MESSAGE)
    assert set(told) == {rig.teacher_user.pk, family.father.pk}
    assert "Экскурсия" in told[family.father.pk][0]
    assert [m.to for m in mail.outbox] == [["father@example.org"]]


def test_an_announcement_published_now_tells_its_audience_and_a_scheduled_one_nobody(
    rig: Rig, family: Family, committed: Any
) -> None:
    now = timezone.now()
    common = {
        "school": rig.school,
        "author": rig.deputy_user,
        "scope": AudienceScope.CLASS,
        "school_class": rig.school_class,
        "for_staff": False,
        "for_students": False,
        "for_parents": True,
        "body": "Собрание",
    }
    capture = partial(committed, execute=True)
    with capture():
        _audited(rig.deputy_user, Announcement(title="Сейчас", publish_from=now, **common))
    with capture():
        _audited(
            rig.deputy_user,
            Announcement(title="Потом", publish_from=now + datetime.timedelta(days=2), **common),
        )
    told = _told(kind=NotificationKind.ANNOUNCEMENT)
    assert set(told) == {family.mother.pk, family.father.pk, family.other_parent.pk}
    assert told[family.mother.pk] == ["Announcement: Сейчас"]


def test_an_event_tells_its_audience_but_not_its_author(
    rig: Rig, family: Family, committed: Any
) -> None:
    event = Event(
        school=rig.school,
        kind="parent_meeting",
        title="Родительское собрание",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        created_by=rig.other_user,
        scope=AudienceScope.CLASS,
        school_class=rig.school_class,
        for_staff=True,
        for_students=False,
        for_parents=True,
    )
    with committed(execute=True):
        _audited(rig.other_user, event)
    told = _told(kind=NotificationKind.EVENT)
    assert {family.mother.pk, family.father.pk, family.other_parent.pk} <= set(told)
    assert rig.teacher_user.pk in told  # staff of the school
    assert rig.other_user.pk not in told
    assert family.student.pk not in told
    assert told[family.mother.pk][0].startswith("Parent meeting on ")


# --- query counts ----------------------------------------------------------------------------
def _students_with_parents(rig: Rig, count: int) -> list[Any]:
    students = []
    for _ in range(count):
        student = f.EnrollmentFactory.create(school_class=rig.school_class).student
        login_for(student.person)
        parent = f.PersonFactory.create()
        login_for(parent, f"p{student.pk}@example.org")
        f.GuardianshipFactory.create(student=student, guardian=parent)
        students.append(student)
    return students


def _dispatch_queries(rig: Rig, students: list[Any]) -> tuple[int, int]:
    before = AuditEvent.objects.count()
    for student in students:
        _mark(rig, "4", student=student)
    ids = list(AuditEvent.objects.order_by("pk").values_list("pk", flat=True)[before:])
    with CaptureQueriesContext(connection) as queries:
        dispatch(ids)
    return len(queries), Notification.objects.filter(
        source_key__in=[f"audit:{i}" for i in ids]
    ).count()


def test_the_dispatch_query_count_does_not_grow_with_the_number_of_marks(rig: Rig) -> None:
    # given 1 and then 20 marks saved (their after-commit work not run)
    one, one_told = _dispatch_queries(rig, _students_with_parents(rig, 1))
    twenty, twenty_told = _dispatch_queries(rig, _students_with_parents(rig, 20))
    # then the dispatch reads and writes with the same number of queries
    assert (one_told, twenty_told) == (2, 40)
    assert one == twenty
    assert twenty <= 10  # 9 reads and writes, and the recount of the bells


def test_the_links_lead_to_the_pages_of_the_diary_messages_and_board(rig: Rig) -> None:
    from parta.messaging.notify import texts

    day = datetime.date(2026, 9, 3)  # a Thursday
    assert texts.diary_week_url(1, 2, day) == "/s/1/diary/2/?week=2026-08-31"
    assert texts.diary_marks_url(1, 2) == "/s/1/diary/2/marks/"
    assert texts.thread_url(1, 3) == "/s/1/messages/3/"
    assert texts.announcement_url(1, 4) == "/s/1/announcements/#announcement-4"
    assert texts.event_url(1, 5) == "/s/1/events/5/"


def test_a_scheduled_announcement_is_told_by_the_daily_run_once_its_time_has_come(
    rig: Rig, family: Family, committed: Any
) -> None:
    # given an announcement for the class's parents, published from tomorrow
    start = timezone.now() + datetime.timedelta(days=1)
    announcement = Announcement(
        school=rig.school,
        author=rig.deputy_user,
        scope=AudienceScope.CLASS,
        school_class=rig.school_class,
        for_staff=False,
        for_students=False,
        for_parents=True,
        title="Завтра",
        body="Собрание",
        publish_from=start,
    )
    with committed():
        _audited(rig.deputy_user, announcement)
    assert Notification.objects.count() == 0
    # when the daily run runs before its time, then nobody is told
    assert send_digests() == 0
    assert Notification.objects.count() == 0
    # when it runs after its time, twice
    with time_machine.travel(start + datetime.timedelta(hours=1), tick=False):
        send_digests()
        send_digests()
    # then the parents are told once
    told = _told(kind=NotificationKind.ANNOUNCEMENT)
    assert told == {
        family.mother.pk: ["Announcement: Завтра"],
        family.father.pk: ["Announcement: Завтра"],
        family.other_parent.pk: ["Announcement: Завтра"],
    }
