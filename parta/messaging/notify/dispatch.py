"""Committed audit events → notifications.

`parta.messaging.apps` registers `enqueue_dispatch` with the audit outbox: after a transaction
commits, the ids of its audit events of `WATCHED` types go to the `dispatch_events` task, and
nothing is computed in the request. `dispatch` loads the events and the rows they describe a
few queries per object type (never one per event), finds who is told, applies each user's
choices and creates the notifications with `bulk_create(ignore_conflicts=True)`: the unique
(user, source_key) with `source_key = "audit:<event id>"` makes a repeated run a no-op. Then
the e-mails due at once go out, each claimed first, so a repeated run sends nothing twice.

What is told (and what is not) is listed in docs/notifications.md."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format

from parta.core.models import AuditEvent
from parta.journal.choices import AttendanceCode, FinalMarkKind
from parta.journal.models import AttendanceMark, FinalMark, Mark, MarkFreeSubject
from parta.messaging.choices import EventKind, NotificationKind
from parta.messaging.models import Announcement, Event, Message, Notification
from parta.messaging.notify import recipients, texts
from parta.messaging.notify.counts import refresh_unread
from parta.messaging.notify.email import send_due_now
from parta.messaging.notify.preferences import choices_for
from parta.people.models import Student
from parta.timetable.choices import LessonStatus
from parta.timetable.models import Lesson, Substitution

logger = logging.getLogger(__name__)

MARK = "journal.mark"
ATTENDANCE = "journal.attendancemark"
FINAL_MARK = "journal.finalmark"
SUBSTITUTION = "timetable.substitution"
LESSON = "timetable.lesson"
MESSAGE = "messaging.message"
ANNOUNCEMENT = "messaging.announcement"
EVENT = "messaging.event"

#: the audit object types the outbox hands to the dispatch
WATCHED = (MARK, ATTENDANCE, FINAL_MARK, SUBSTITUTION, LESSON, MESSAGE, ANNOUNCEMENT, EVENT)

#: attendance codes that tell the parents: absent, absent for a valid reason, ill (not late)
ABSENT_CODES = frozenset({AttendanceCode.ABSENT, AttendanceCode.EXCUSED, AttendanceCode.ILL})

CREATE, UPDATE = AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE


@dataclass
class Draft:
    """A notification before the user's choices are applied."""

    user_id: int
    school_id: int | None
    kind: str
    event_id: int
    title: str
    body: str = ""
    url: str = ""
    #: a mark's value, for the user's threshold (None: not a mark)
    mark_value: str | None = None

    @property
    def source_key(self) -> str:
        return f"audit:{self.event_id}"


def _ids(events: Iterable[AuditEvent]) -> list[int]:
    found = []
    for event in events:
        try:
            found.append(int(event.object_id))
        except ValueError:
            continue
    return found


def _for_student_and_parents(
    event: AuditEvent,
    *,
    student_id: int,
    student_name: str,
    kind: str,
    title: str,
    body: str,
    url: str,
    students: dict[int, int],
    parents: dict[int, list[int]],
    mark_value: str | None = None,
    student_too: bool = True,
) -> list[Draft]:
    drafts = []
    own = students.get(student_id) if student_too else None
    if own is not None:
        drafts.append(Draft(own, event.school_id, kind, event.pk, title, body, url, mark_value))
    for parent in parents.get(student_id, []):
        titled = texts.about_child(title, student_name, for_parent=True)
        drafts.append(Draft(parent, event.school_id, kind, event.pk, titled, body, url, mark_value))
    return drafts


# --- journal ---------------------------------------------------------------------------------
def _marks(events: list[AuditEvent]) -> list[Draft]:
    """A mark created with a value, or updated to another value (not a comment or the duty
    flag alone, not a deletion): the student and their parents — unless the class is taught
    without marks in the subject."""
    telling = [
        e
        for e in events
        if e.action in (CREATE, UPDATE) and e.after and str(e.after.get("value") or "")
    ]
    if not telling:
        return []
    marks = Mark.objects.select_related(
        "assignment__lesson__subject",
        "assignment__lesson__study_group",
        "assignment__work_type",
        "student__person",
    ).in_bulk(_ids(telling))
    student_ids = {mark.student_id for mark in marks.values()}
    students = recipients.student_users(student_ids)
    parents = recipients.guardian_users(student_ids)
    class_of = {
        mark.pk: (
            mark.assignment.lesson.school_class_id
            or getattr(mark.assignment.lesson.study_group, "school_class_id", None)
        )
        for mark in marks.values()
    }
    mark_free: set[tuple[int, int | None]] = set(
        MarkFreeSubject.objects.filter(
            school_class_id__in={cid for cid in class_of.values() if cid}
        ).values_list("school_class_id", "subject_id")
    )
    drafts: list[Draft] = []
    for event in telling:
        mark = marks.get(int(event.object_id))
        if mark is None:
            continue
        lesson = mark.assignment.lesson
        class_id = class_of[mark.pk]
        if (class_id, None) in mark_free or (class_id, lesson.subject_id) in mark_free:
            continue
        after: dict[str, Any] = event.after or {}
        value = str(after["value"])
        title = texts.mark_title(value, lesson.subject.name, changed=event.action == UPDATE)
        body = texts.mark_body(
            work_type=mark.assignment.work_type.name,
            weight=mark.assignment.work_type.weight,
            lesson_date=lesson.date,
            comment=str(after.get("comment", mark.comment) or ""),
        )
        drafts += _for_student_and_parents(
            event,
            student_id=mark.student_id,
            student_name=mark.student.person.short_name,
            kind=NotificationKind.MARK,
            title=title,
            body=body,
            url=texts.diary_week_url(mark.school_id, mark.student_id, lesson.date),
            students=students,
            parents=parents,
            mark_value=value,
        )
    return drafts


def _absences(events: list[AuditEvent]) -> list[Draft]:
    """An absence recorded (н, у, б; a late «о» is not told): the parents, not the student. An
    absence recoded to another absence code (an absence document turning н into у) is not
    told again."""
    telling = []
    for event in events:
        after, before = event.after or {}, event.before or {}
        if after.get("code") not in ABSENT_CODES:
            continue
        if event.action == CREATE or (
            event.action == UPDATE and before.get("code") not in ABSENT_CODES
        ):
            telling.append(event)
    if not telling:
        return []
    rows = AttendanceMark.objects.select_related("lesson__subject", "student__person").in_bulk(
        _ids(telling)
    )
    parents = recipients.guardian_users(row.student_id for row in rows.values())
    drafts: list[Draft] = []
    for event in telling:
        row = rows.get(int(event.object_id))
        if row is None:
            continue
        code = str((event.after or {})["code"])
        lesson = row.lesson
        drafts += _for_student_and_parents(
            event,
            student_id=row.student_id,
            student_name=row.student.person.short_name,
            kind=NotificationKind.ABSENCE,
            title=texts.absence_title(lesson.subject.name, lesson.date),
            body=texts.absence_body(
                student=row.student.person.short_name,
                code_label=str(AttendanceCode(code).label) if code in AttendanceCode else code,
                slot_number=lesson.slot_number,
            ),
            url=texts.diary_week_url(row.school_id, row.student_id, lesson.date),
            students={},
            parents=parents,
            student_too=False,
        )
    return drafts


def _final_marks(events: list[AuditEvent]) -> list[Draft]:
    """A period, year, exam or final mark set or changed: the student and their parents."""
    telling = [
        e
        for e in events
        if e.action in (CREATE, UPDATE) and e.after and str(e.after.get("value") or "")
    ]
    if not telling:
        return []
    rows = FinalMark.objects.select_related("subject", "study_period", "student__person").in_bulk(
        _ids(telling)
    )
    student_ids = {row.student_id for row in rows.values()}
    students = recipients.student_users(student_ids)
    parents = recipients.guardian_users(student_ids)
    drafts: list[Draft] = []
    for event in telling:
        row = rows.get(int(event.object_id))
        if row is None:
            continue
        after: dict[str, Any] = event.after or {}
        kind_label = str(FinalMarkKind(row.kind).label)
        drafts += _for_student_and_parents(
            event,
            student_id=row.student_id,
            student_name=row.student.person.short_name,
            kind=NotificationKind.FINAL_MARK,
            title=texts.final_mark_title(kind_label, row.subject.name, str(after["value"])),
            body=texts.final_mark_body(
                period=row.study_period.name if row.study_period else "",
                comment=str(after.get("comment", row.comment) or ""),
            ),
            url=texts.diary_marks_url(row.school_id, row.student_id),
            students=students,
            parents=parents,
        )
    return drafts


# --- timetable -------------------------------------------------------------------------------
def _is_soon(lesson: Lesson) -> bool:
    """The lesson is today or tomorrow in its school's time zone."""
    today = timezone.localtime(timezone.now(), ZoneInfo(lesson.school.timezone)).date()
    return today <= lesson.date <= today + datetime.timedelta(days=1)


def _lesson_drafts(
    changes: list[tuple[AuditEvent, Lesson, str, str]],
) -> list[Draft]:
    """(event, lesson, title, body) → the students of the lesson and their parents."""
    soon = [(e, lesson, t, b) for e, lesson, t, b in changes if _is_soon(lesson)]
    if not soon:
        return []
    members = recipients.lesson_students(lesson for _, lesson, _, _ in soon)
    student_ids = {sid for ids in members.values() for sid in ids}
    students = recipients.student_users(student_ids)
    parents = recipients.guardian_users(student_ids)
    names = {
        student.pk: student.person.short_name
        for student in Student.objects.filter(pk__in=student_ids).select_related("person")
    }
    drafts: list[Draft] = []
    for event, lesson, title, body in soon:
        for student_id in sorted(members[lesson.pk]):
            drafts += _for_student_and_parents(
                event,
                student_id=student_id,
                student_name=names.get(student_id, ""),
                kind=NotificationKind.LESSON_CHANGE,
                title=title,
                body=body,
                url=texts.diary_week_url(lesson.school_id, student_id, lesson.date),
                students=students,
                parents=parents,
            )
    return drafts


LESSON_RELATED = ("subject", "school", "study_group")


def _substitutions(events: list[AuditEvent]) -> list[Draft]:
    """A substitute named for a lesson of today or tomorrow: its students and their parents."""
    telling = [e for e in events if e.action == CREATE]
    if not telling:
        return []
    rows = Substitution.objects.select_related(
        *(f"lesson__{name}" for name in LESSON_RELATED), "teacher__person"
    ).in_bulk(_ids(telling))
    changes = []
    for event in telling:
        row = rows.get(int(event.object_id))
        if row is None:
            continue
        lesson = row.lesson
        if lesson.status == LessonStatus.CANCELLED:
            continue
        title = texts.substitution_title(lesson.subject.name, lesson.date, lesson.slot_number)
        changes.append(
            (event, lesson, title, texts.substitution_body(row.teacher.person.short_name))
        )
    return _lesson_drafts(changes)


def _cancellations(events: list[AuditEvent]) -> list[Draft]:
    """A lesson of today or tomorrow cancelled: its students and their parents."""
    telling = [
        e
        for e in events
        if e.action == UPDATE and (e.after or {}).get("status") == LessonStatus.CANCELLED
    ]
    if not telling:
        return []
    lessons = Lesson.objects.select_related(*LESSON_RELATED).in_bulk(_ids(telling))
    changes = []
    for event in telling:
        lesson = lessons.get(int(event.object_id))
        if lesson is None or lesson.status != LessonStatus.CANCELLED:
            continue
        title = texts.cancelled_title(lesson.subject.name, lesson.date, lesson.slot_number)
        changes.append((event, lesson, title, texts.cancelled_body(lesson.cancel_reason)))
    return _lesson_drafts(changes)


# --- messaging -------------------------------------------------------------------------------
def _person_name(user: Any) -> str:
    if user is None:
        return ""
    person = getattr(user, "person", None)
    return person.short_name if person is not None else user.get_username()


def _messages(events: list[AuditEvent]) -> list[Draft]:
    """A message sent: every other participant of its conversation."""
    telling = [e for e in events if e.action == CREATE]
    if not telling:
        return []
    rows = Message.objects.select_related("thread", "author__person").in_bulk(_ids(telling))
    participants = recipients.thread_participants(row.thread_id for row in rows.values())
    drafts: list[Draft] = []
    for event in telling:
        row = rows.get(int(event.object_id))
        if row is None:
            continue
        title = texts.message_title(_person_name(row.author), row.thread.subject)
        url = texts.thread_url(row.school_id, row.thread_id)
        for user_id in participants.get(row.thread_id, []):
            if user_id != row.author_id:
                drafts.append(
                    Draft(
                        user_id,
                        row.school_id,
                        NotificationKind.MESSAGE,
                        event.pk,
                        title,
                        texts.excerpt(row.body),
                        url,
                    )
                )
    return drafts


def _announcements(events: list[AuditEvent]) -> list[Draft]:
    """An announcement created and published now: its audience. A scheduled one (published
    later) is told by `catch_up_scheduled` once its time has come."""
    telling = [e for e in events if e.action == CREATE]
    if not telling:
        return []
    now = timezone.now()
    rows = Announcement.objects.in_bulk(_ids(telling))
    drafts: list[Draft] = []
    for event in telling:
        row = rows.get(int(event.object_id))
        if row is None or row.publish_from > now:
            continue
        if row.publish_until is not None and row.publish_until < now:
            continue
        title = texts.announcement_title(row.title)
        url = texts.announcement_url(row.school_id, row.pk)
        for user_id in recipients.audience_user_ids(row):
            if user_id != row.author_id:
                drafts.append(
                    Draft(
                        user_id,
                        row.school_id,
                        NotificationKind.ANNOUNCEMENT,
                        event.pk,
                        title,
                        texts.excerpt(row.body),
                        url,
                    )
                )
    return drafts


def _events(events: list[AuditEvent]) -> list[Draft]:
    """An event or a parent meeting created: its audience."""
    telling = [e for e in events if e.action == CREATE]
    if not telling:
        return []
    rows = Event.objects.select_related("school").in_bulk(_ids(telling))
    drafts: list[Draft] = []
    for event in telling:
        row = rows.get(int(event.object_id))
        if row is None:
            continue
        starts = date_format(
            timezone.localtime(row.starts_at, ZoneInfo(row.school.timezone)), "d.m.Y H:i"
        )
        title = texts.event_title(row.title, row.kind == EventKind.PARENT_MEETING, starts)
        body = "\n".join(part for part in (row.place, texts.excerpt(row.description)) if part)
        url = texts.event_url(row.school_id, row.pk)
        for user_id in recipients.audience_user_ids(row):
            if user_id != row.created_by_id:
                drafts.append(
                    Draft(
                        user_id, row.school_id, NotificationKind.EVENT, event.pk, title, body, url
                    )
                )
    return drafts


HANDLERS: dict[str, Callable[[list[AuditEvent]], list[Draft]]] = {
    MARK: _marks,
    ATTENDANCE: _absences,
    FINAL_MARK: _final_marks,
    SUBSTITUTION: _substitutions,
    LESSON: _cancellations,
    MESSAGE: _messages,
    ANNOUNCEMENT: _announcements,
    EVENT: _events,
}


# --- delivery --------------------------------------------------------------------------------
def deliver(drafts: list[Draft]) -> list[Notification]:
    """Apply each user's choices and create the notifications (one insert; an existing
    (user, source) pair is skipped). Inactive users and the author of the change are never
    told. A notification wanted by e-mail only is created already read (the bell does not
    count it) so its e-mail goes out exactly once."""
    emails = recipients.active_emails(d.user_id for d in drafts)
    choices = choices_for(emails, emails)
    now = timezone.now()
    rows: dict[tuple[int, str], Notification] = {}
    for draft in drafts:
        if draft.user_id not in emails or (draft.user_id, draft.source_key) in rows:
            continue
        choice = choices[draft.user_id]
        if draft.mark_value is not None and not choice.wants_mark(draft.mark_value):
            continue
        delivery = choice.delivery(draft.kind)
        if not delivery.wanted:
            continue
        rows[(draft.user_id, draft.source_key)] = Notification(
            user_id=draft.user_id,
            school_id=draft.school_id,
            kind=draft.kind,
            source_key=draft.source_key,
            title=draft.title[:300],
            body=draft.body,
            url=draft.url[:300],
            read_at=None if delivery.in_app else now,
            email_now=delivery.email_now,
        )
    created = list(rows.values())
    if created:
        Notification.objects.bulk_create(created, ignore_conflicts=True, batch_size=500)
        refresh_unread(row.user_id for row in created if row.read_at is None)
    return created


def dispatch(event_ids: Iterable[int]) -> int:
    """Notify about the audit events `event_ids` (any order, repeats allowed, other types
    ignored) and send the e-mails due at once. Returns how many notifications were wanted
    (an already existing one counts, and is not created again)."""
    ids = sorted({int(pk) for pk in event_ids})
    if not ids:
        return 0
    by_type: dict[str, list[AuditEvent]] = defaultdict(list)
    for event in AuditEvent.objects.filter(pk__in=ids, object_type__in=WATCHED).order_by("pk"):
        by_type[event.object_type].append(event)
    drafts: list[Draft] = []
    for object_type, events in by_type.items():
        authors = {e.pk: e.actor_id for e in events}
        drafts += [d for d in HANDLERS[object_type](events) if d.user_id != authors[d.event_id]]
    created = deliver(drafts)
    send_due_now(sorted({n.source_key for n in created if n.email_now}))
    return len(created)


#: how far back `catch_up_scheduled` looks for announcements whose publication began
CATCH_UP = datetime.timedelta(days=2)


def catch_up_scheduled(now: datetime.datetime | None = None) -> int:
    """Tell the audiences of scheduled announcements whose publication has begun (within
    `CATCH_UP`), by dispatching their creation events again: those already told are skipped
    by the unique source key, so running it often, or twice, tells nobody twice."""
    now = now or timezone.now()
    due = Announcement.objects.filter(publish_from__lte=now, publish_from__gt=now - CATCH_UP)
    ids = list(
        AuditEvent.objects.filter(
            object_type=ANNOUNCEMENT,
            action=CREATE,
            object_id__in=[str(pk) for pk in due.values_list("pk", flat=True)],
        ).values_list("pk", flat=True)
    )
    return dispatch(ids)
