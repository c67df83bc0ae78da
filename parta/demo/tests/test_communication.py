"""The demo's conversations, announcements, events, notifications and diary rows: who takes
part, what is unread for whom, where the notifications lead, and that the same seed on the same
day gives the same texts, quickly."""

from __future__ import annotations

import datetime
import re
import time
import zoneinfo
from collections import Counter
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import Count, F, Max, Min
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from parta.accounts.models import User
from parta.core.files import validate_upload
from parta.demo.builder import seed_demo
from parta.demo.communication import (
    ATTACHMENT_NAME,
    build_communications,
    monday_of,
    ru_day,
    school_day,
)
from parta.diary.models import DiaryAcknowledgement, HomeworkCompletion
from parta.journal.choices import AttendanceCode
from parta.journal.models import Assignment, AttendanceMark, Mark
from parta.messaging.choices import AudienceScope, EventKind, NotificationKind
from parta.messaging.models import (
    Announcement,
    Event,
    Message,
    MessageAttachment,
    Notification,
    Thread,
    ThreadParticipant,
)
from parta.organizations.models import AcademicYear, Organization
from parta.people.models import Enrollment, Guardianship, Student, StudyGroupMembership

TODAY = datetime.date(2026, 11, 20)
NOON = datetime.datetime(2026, 11, 20, 12, 0, tzinfo=datetime.UTC)
SCHOOLS = 2
SEED = 7
MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
#: What one school's communication takes, whatever its size (measured: see the docs).
QUERIES_PER_SCHOOL = 45


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker) -> Iterator[None]:
    """One demo of two schools for the module, rolled back at its end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with time_machine.travel(NOON, tick=True):
                seed_demo(schools=SCHOOLS, students_per_school=120, seed=SEED, today=TODAY, weeks=3)
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo(seeded: None, db: None) -> Iterator[None]:
    with time_machine.travel(NOON, tick=True):
        yield


def _user(name: str) -> User:
    return User.objects.get(username=name)


def _unread_threads(user: User) -> set[int]:
    """Threads with a message by someone else after what the user has read."""
    unread = set()
    for row in ThreadParticipant.objects.filter(user=user).select_related("thread"):
        later = Message.objects.filter(thread=row.thread_id).exclude(author=user)
        if row.last_read_at is not None:
            later = later.filter(created_at__gt=row.last_read_at)
        if later.exists():
            unread.add(row.thread_id)
    return unread


def test_every_school_has_its_communication(demo: None) -> None:
    # given the demo of two schools
    for school in Organization.objects.filter(kind="school"):
        # then each has about ten conversations, six announcements and five events
        assert 9 <= Thread.objects.filter(school=school).count() <= 10
        assert Message.objects.filter(school=school).count() >= 15
        assert Announcement.objects.filter(school=school).count() == 6
        assert Event.objects.filter(school=school).count() == 5
        assert MessageAttachment.objects.filter(school=school).count() == 1
        assert Notification.objects.filter(school=school).count() >= 8


def test_the_demo_parent_has_two_children_in_the_school(demo: None) -> None:
    # given the featured parent of each school
    for n, school in enumerate(Organization.objects.filter(kind="school").order_by("pk")):
        suffix = "" if n == 0 else str(n + 1)
        parent = _user(f"parent{suffix}")
        links = Guardianship.objects.filter(guardian__user=parent)
        # then they are the parent of two children of this school, one of them `student`
        assert links.count() == 2
        assert set(links.values_list("school_id", flat=True)) == {school.pk}
        assert links.filter(student__person__user__username=f"student{suffix}").exists()


def test_threads_have_their_participants_and_times(demo: None) -> None:
    # given every conversation
    threads = Thread.objects.annotate(
        people=Count("participants", distinct=True),
        first=Min("messages__created_at"),
        last=Max("messages__created_at"),
    )
    for thread in threads:
        # then at least two people take part, the times follow the messages
        assert thread.people >= 2
        assert thread.created_at == thread.first
        assert thread.last_message_at == thread.last
        assert thread.created_by_id is not None
    # and every author of a message takes part in its thread, in its school
    assert not Message.objects.exclude(thread__participants__user_id=F("author_id")).exists()
    assert not Message.objects.exclude(school_id=F("thread__school_id")).exists()
    assert not ThreadParticipant.objects.exclude(school_id=F("thread__school_id")).exists()
    # and nothing was written in the future
    assert not Message.objects.filter(created_at__gt=timezone.now()).exists()


def test_unread_messages_for_the_demo_parent_and_teacher(demo: None) -> None:
    # given the demo logins of the first school
    parent, teacher, classteacher = (_user(n) for n in ("parent", "teacher", "classteacher"))
    # then the parent has two unread conversations (the meeting, the homework answer)
    unread = Thread.objects.filter(pk__in=_unread_threads(parent))
    assert unread.count() == 2
    assert unread.filter(subject__startswith="Родительское собрание").exists()
    assert unread.filter(subject__startswith="Домашнее задание").exists()
    # and the teacher has the director's, the deputy's and a parent's messages unread
    subjects = set(
        Thread.objects.filter(pk__in=_unread_threads(teacher)).values_list("subject", flat=True)
    )
    assert len(subjects) == 3
    assert any(s.startswith("Педагогический совет") for s in subjects)
    assert any(s.startswith("Замена урока") for s in subjects)
    # and the class teacher has read everything
    assert not _unread_threads(classteacher)


def test_the_homework_answer_carries_a_valid_pdf(demo: None) -> None:
    # given the attachment of the first school
    attachment = MessageAttachment.objects.select_related("message__thread").get(
        school__pk=Organization.objects.filter(kind="school").order_by("pk")[0].pk
    )
    # then it is a small PDF in the storage, named in Russian, that passes the upload check
    with attachment.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-")
    assert content.rstrip().endswith(b"%%EOF")
    assert attachment.size == len(content)
    assert attachment.name == ATTACHMENT_NAME
    checked = validate_upload(SimpleUploadedFile(attachment.name, content))
    assert checked.content_type == attachment.content_type == "application/pdf"
    assert attachment.message.thread.subject.startswith("Домашнее задание")


def test_notifications_lead_to_the_users_own_diary_and_threads(demo: None) -> None:
    # given every demo notification
    notifications = list(Notification.objects.select_related("user"))
    assert notifications
    for note in notifications:
        split = urlsplit(note.url)
        diary = re.fullmatch(r"/s/(\d+)/diary/(\d+)/", split.path)
        thread = re.fullmatch(r"/s/(\d+)/messages/(\d+)/", split.path)
        assert note.source_key.startswith("demo:")
        if note.kind == NotificationKind.MESSAGE:
            # then a message notification opens a thread the user takes part in
            assert thread, note.url
            assert int(thread[1]) == note.school_id
            assert ThreadParticipant.objects.filter(
                thread_id=int(thread[2]), thread__school_id=note.school_id, user=note.user
            ).exists()
        else:
            # and a mark or an absence opens the week of the diary of the user or their child
            assert note.kind in (NotificationKind.MARK, NotificationKind.ABSENCE)
            assert diary, note.url
            assert int(diary[1]) == note.school_id
            student = Student.objects.get(pk=int(diary[2]), school_id=note.school_id)
            assert (
                student.person.user_id == note.user_id
                or Guardianship.objects.filter(student=student, guardian__user=note.user).exists()
            )
            week = datetime.date.fromisoformat(parse_qs(split.query)["week"][0])
            assert week.weekday() == 0
            assert week < TODAY
    # and the keys are unique per user
    keys = [(n.user_id, n.source_key) for n in notifications]
    assert len(keys) == len(set(keys))


def test_notification_urls_resolve_to_the_pages(demo: None) -> None:
    # given the url names of the diary week and of a thread
    names = {
        "diary:student_week": r"/s/(\d+)/diary/(\d+)/",
        "messaging:thread_detail": r"/s/(\d+)/messages/(\d+)/",
    }
    for name, shape in names.items():
        assert re.fullmatch(shape, reverse(name, args=[1, 1]))
        # then every notification url of that shape is the page's own path and resolves to it
        for url in Notification.objects.values_list("url", flat=True):
            path = urlsplit(url).path
            found = re.fullmatch(shape, path)
            if not found:
                continue
            assert reverse(name, args=[int(found[1]), int(found[2])]) == path
            match = resolve(path)
            assert f"{match.namespace}:{match.url_name}" == name


def test_the_demo_parent_and_student_are_told_of_marks_and_messages(demo: None) -> None:
    # given the parent and the student of the first school
    parent, student = _user("parent"), _user("student")
    mine = Notification.objects.filter(user=parent)
    # then the parent has unread mark, absence and message notifications
    kinds = set(mine.filter(read_at__isnull=True).values_list("kind", flat=True))
    assert {NotificationKind.MARK, NotificationKind.ABSENCE, NotificationKind.MESSAGE} <= kinds
    assert mine.filter(read_at__isnull=False).exists()
    # and the student has unread marks and a read message
    theirs = Notification.objects.filter(user=student)
    assert theirs.filter(kind=NotificationKind.MARK, read_at__isnull=True).count() >= 2
    assert theirs.filter(kind=NotificationKind.MESSAGE).exists()
    # and the child's day away, told to the class teacher, is in the journal with no mark
    child = Student.objects.select_related("person").get(person__user=student)
    note = Message.objects.get(
        author=parent, thread__subject__startswith=f"{child.person.first_name} не придёт"
    )
    day = timezone.localtime(note.created_at, MOSCOW).date()
    assert AttendanceMark.objects.filter(
        student=child, lesson__date=day, code__in=[AttendanceCode.ILL, AttendanceCode.EXCUSED]
    ).exists()
    assert not Mark.objects.filter(student=child, assignment__lesson__date=day).exists()
    # and all of them are recent
    assert not Notification.objects.filter(
        created_at__lt=timezone.now() - datetime.timedelta(days=30)
    ).exists()
    assert not Notification.objects.filter(created_at__gt=timezone.now()).exists()


def test_announcements_reach_their_audiences(demo: None) -> None:
    # given the first school's announcements
    school = Organization.objects.filter(kind="school").order_by("pk")[0]
    rows = Announcement.objects.filter(school=school)
    now = timezone.now()
    # then there are school, grade and class ones, one scheduled and one expired
    assert {AudienceScope.SCHOOL, AudienceScope.GRADE, AudienceScope.CLASS} == set(
        rows.values_list("scope", flat=True)
    )
    assert rows.filter(publish_from__gt=now).count() == 1
    assert rows.filter(publish_until__lt=now).count() == 1
    assert rows.filter(title__contains="медосмотр").exists()
    # and the class one is for the parents of the student's class only
    for_parents = rows.get(scope=AudienceScope.CLASS)
    assert for_parents.title.startswith("Родителям ")
    assert for_parents.for_parents
    assert not for_parents.for_students
    assert Announcement.objects.visible_to(_user("parent")).filter(pk=for_parents.pk).exists()
    assert not Announcement.objects.visible_to(_user("student")).filter(pk=for_parents.pk).exists()
    assert not Announcement.objects.visible_to(_user("parent2")).filter(pk=for_parents.pk).exists()


def test_the_parent_meeting_is_next_week_in_the_school_time_zone(demo: None) -> None:
    # given the demo student's class
    student = Student.objects.get(person__user__username="student")
    school_class = Enrollment.objects.filter(student=student).active_on(TODAY).get().school_class
    # then its parent meeting is on next week's Thursday at 18:30, Moscow time
    meeting = Event.objects.get(kind=EventKind.PARENT_MEETING, school_class=school_class)
    local = meeting.starts_at.astimezone(MOSCOW)
    assert local.date() == monday_of(TODAY) + datetime.timedelta(days=10)
    assert (local.hour, local.minute) == (18, 30)
    assert meeting.place
    assert Event.objects.visible_to(_user("parent")).filter(pk=meeting.pk).exists()
    assert not Event.objects.visible_to(_user("student")).filter(pk=meeting.pk).exists()
    # and the class teacher's message names the same day
    assert Message.objects.filter(body__contains=ru_day(local.date())).exists()
    # and the school has an event, an olympiad, and a past general meeting
    titles = set(Event.objects.filter(school=student.school).values_list("title", flat=True))
    assert "День здоровья" in titles
    assert any("олимпиад" in title for title in titles)
    assert Event.objects.filter(school=student.school, starts_at__lt=timezone.now()).count() == 1


def test_diary_ticks_and_the_parents_acknowledgement(demo: None) -> None:
    # given the demo student
    student = Student.objects.get(person__user__username="student")
    ticks = HomeworkCompletion.objects.filter(student=student).select_related("assignment")
    # then some of last week's homework of their class or groups is ticked, never in the future
    assert ticks.exists()
    groups = StudyGroupMembership.objects.filter(student=student).values("group_id")
    school_class = Enrollment.objects.filter(student=student).active_on(TODAY).get().school_class
    ours = Assignment.objects.filter(lesson__school_class=school_class) | Assignment.objects.filter(
        lesson__study_group__in=groups
    )
    for tick in ticks:
        assert ours.filter(pk=tick.assignment_id, work_type__is_homework=True).exists()
        assert tick.done_at <= timezone.now()
        assert tick.assignment.due_date is not None
        assert TODAY - datetime.timedelta(days=7) <= tick.assignment.due_date <= TODAY
    # and the demo parent has confirmed last week's diary
    ack = DiaryAcknowledgement.objects.get(student=student)
    assert ack.week_start == monday_of(TODAY) - datetime.timedelta(days=7)
    assert ack.guardian.user == _user("parent")
    assert ack.acknowledged_at <= timezone.now()


def test_rows_pass_model_validation(demo: None) -> None:
    # given samples of every kind of row, then each passes full_clean
    samples = [
        *Thread.objects.all()[:5],
        *ThreadParticipant.objects.all()[:10],
        *Message.objects.all()[:10],
        *MessageAttachment.objects.all(),
        *Announcement.objects.all(),
        *Event.objects.all(),
        *Notification.objects.all()[:10],
        *HomeworkCompletion.objects.all(),
        *DiaryAcknowledgement.objects.all(),
    ]
    for row in samples:
        row.full_clean()


def _texts() -> list[tuple[str, ...]]:
    return sorted(
        [
            *((t,) for t in Thread.objects.values_list("subject", flat=True)),
            *((b,) for b in Message.objects.values_list("body", flat=True)),
            *Announcement.objects.values_list("title", "body"),
            *Event.objects.values_list("title", "description", "place"),
            *Notification.objects.values_list("user__username", "title", "body"),
        ]
    )


def test_same_seed_same_texts_and_fast(demo: None) -> None:
    # given the demo's texts
    before = _texts()
    counts = (Thread.objects.count(), Notification.objects.count())
    for model in (Thread, Announcement, Event, Notification, HomeworkCompletion):
        model.objects.all().delete()
    DiaryAcknowledgement.objects.all().delete()
    years = AcademicYear.objects.order_by("school_id")
    # when the communication is built again with the same seed on the same day
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        made = build_communications(years=years, today=TODAY, seed=SEED)
    seconds = time.perf_counter() - started
    # then the texts are the same, a few dozen queries a school, in well under 3 s
    assert _texts() == before
    assert (made.threads, made.notifications) == counts
    assert len(queries) <= SCHOOLS * QUERIES_PER_SCHOOL
    assert seconds < 3


def test_school_day_skips_the_weekend() -> None:
    # given a Saturday, then the next school day is Monday; a Wednesday stays
    assert school_day(datetime.date(2026, 11, 21)) == datetime.date(2026, 11, 23)
    assert school_day(datetime.date(2026, 11, 18)) == datetime.date(2026, 11, 18)
    assert ru_day(datetime.date(2026, 12, 3)) == "3 декабря"


def test_the_bells_show_the_unread_notifications(demo: None) -> None:
    # given the demo's notifications, then each user's bell counts their unread ones
    unread = Counter(
        Notification.objects.filter(read_at__isnull=True).values_list("user_id", flat=True)
    )
    assert unread
    for user_id, count in unread.items():
        assert User.objects.get(pk=user_id).unread_notifications == count
