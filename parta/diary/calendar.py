"""The items of a person's calendar feed, in a constant number of queries: their lessons (as a
student, as a parent — each child's, named — and as a teacher, the lessons they teach or
substitute in) from 14 days ago to 60 days ahead, the homework due in that window, and the
school events and parent meetings they see (`messaging.Event.objects.visible_to`).

The lesson set of a student is the diary's: a class lesson while the student is enrolled in
the class on the lesson's date, a study-group lesson while they are a member of the group on
that date."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from parta.diary.ical import CalendarItem

DAYS_BACK = 14
DAYS_AHEAD = 60


def feed_of(user: Any) -> Any:
    """The user's calendar feed, or None. One query."""
    from parta.diary.models import CalendarFeed

    return CalendarFeed.objects.filter(user_id=user.pk).first()


def student_lessons_q(student_id: int, prefix: str = "") -> Q:
    """Lessons (reached through `prefix`, e.g. "lesson__") of the student: of their class on a
    date they were enrolled in it, of their study group on a date they were a member."""
    from parta.people.models import Enrollment, StudyGroupMembership

    day = OuterRef(f"{prefix}date")
    dated = Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))
    enrolled = Enrollment.objects.filter(
        dated, student_id=student_id, school_class_id=OuterRef(f"{prefix}school_class_id")
    )
    member = StudyGroupMembership.objects.filter(
        dated, student_id=student_id, group_id=OuterRef(f"{prefix}study_group_id")
    )
    return Q(Exists(enrolled)) | Q(Exists(member))


@dataclass(frozen=True)
class _Span:
    start: datetime.date
    end: datetime.date | None

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    return today - datetime.timedelta(days=DAYS_BACK), today + datetime.timedelta(days=DAYS_AHEAD)


def _moment(day: datetime.date, time: datetime.time, zone: str) -> datetime.datetime:
    return datetime.datetime.combine(day, time, ZoneInfo(zone))


def _lesson_item(lesson: Any, prefix: str, uid_suffix: str) -> CalendarItem:
    zone = lesson.school.timezone
    audience = lesson.study_group.name if lesson.study_group_id else lesson.school_class.name
    summary = f"{lesson.subject.name} ({audience})"
    if prefix:
        summary = f"{prefix}: {summary}"
    details = [_("Lesson %(number)s") % {"number": lesson.slot_number}]
    if lesson.topic:
        details.append(lesson.topic)
    if lesson.cancel_reason:
        details.append(lesson.cancel_reason)
    start: datetime.datetime | datetime.date = lesson.date
    end: datetime.datetime | datetime.date | None = None
    if lesson.start_time is not None:
        start = _moment(lesson.date, lesson.start_time, zone)
        end_time = lesson.end_time or lesson.start_time
        end = _moment(lesson.date, end_time, zone)
    room = lesson.room
    return CalendarItem(
        uid=f"lesson-{lesson.pk}{uid_suffix}@parta",
        summary=summary,
        start=start,
        end=end,
        description="\n".join(details),
        location=str(room.number) if room is not None else "",
        cancelled=lesson.status == "cancelled",
        categories=_("Lesson"),
    )


def _person_name(student: Any) -> str:
    person = student.person
    return f"{person.first_name} {person.last_name}".strip()


def calendar_items(user: Any, today: datetime.date) -> list[CalendarItem]:
    """Everything of the user's feed, sorted by start. Seven queries whatever the number of
    lessons, children and events (the user's students, their enrollments, their memberships,
    their lessons, the homework, the taught lessons, the events; plus the user's access)."""
    from parta.journal.models import Assignment
    from parta.messaging.models import Event
    from parta.people.models import Enrollment, StaffMember, Student, StudyGroupMembership
    from parta.timetable.models import Lesson

    start, end = window(today)
    uid = user.pk
    students = list(
        Student.objects.filter(Q(person__user_id=uid) | Q(guardianships__guardian__user_id=uid))
        .select_related("person")
        .distinct()
        .order_by("person__last_name", "person__first_name", "pk")
    )
    items: list[CalendarItem] = []
    if students:
        ids = [student.pk for student in students]
        class_spans: dict[int, list[tuple[int, _Span]]] = defaultdict(list)
        group_spans: dict[int, list[tuple[int, _Span]]] = defaultdict(list)
        overlap = Q(start_date__lte=end) & (Q(end_date__isnull=True) | Q(end_date__gte=start))
        for row in Enrollment.objects.filter(overlap, student_id__in=ids):
            class_spans[row.school_class_id].append(
                (row.student_id, _Span(row.start_date, row.end_date))
            )
        for row in StudyGroupMembership.objects.filter(overlap, student_id__in=ids):
            group_spans[row.group_id].append((row.student_id, _Span(row.start_date, row.end_date)))
        by_id = {student.pk: student for student in students}
        own = {student.pk for student in students if student.person.user_id == uid}

        def owners(
            school_class_id: int | None, group_id: int | None, day: datetime.date
        ) -> list[int]:
            if group_id:
                spans = group_spans.get(group_id, [])
            else:
                spans = class_spans.get(school_class_id or 0, [])
            return sorted({sid for sid, span in spans if span.covers(day)})

        def prefix(student_id: int) -> str:
            return "" if student_id in own else _person_name(by_id[student_id])

        audience = Q(school_class_id__in=list(class_spans)) | Q(
            study_group_id__in=list(group_spans)
        )
        if class_spans or group_spans:
            lessons = (
                Lesson.objects.filter(audience, date__range=(start, end))
                .select_related("school", "school_class", "study_group", "subject", "room")
                .order_by("date", "slot_number", "pk")
            )
            for lesson in lessons:
                for student_id in owners(
                    lesson.school_class_id, lesson.study_group_id, lesson.date
                ):
                    items.append(_lesson_item(lesson, prefix(student_id), f"-s{student_id}"))
            homework = (
                Assignment.objects.filter(
                    due_date__range=(start, end),
                    lesson__in=Lesson.objects.filter(audience).exclude(status="cancelled"),
                )
                .select_related("lesson__subject", "work_type")
                .order_by("due_date", "pk")
            )
            for assignment in homework:
                lesson = assignment.lesson
                for student_id in owners(
                    lesson.school_class_id, lesson.study_group_id, lesson.date
                ):
                    name = _("Homework: %(subject)s") % {"subject": lesson.subject.name}
                    if prefix(student_id):
                        name = f"{prefix(student_id)}: {name}"
                    items.append(
                        CalendarItem(
                            uid=f"homework-{assignment.pk}-s{student_id}@parta",
                            summary=name,
                            start=assignment.due_date,
                            description="\n".join(
                                part for part in (assignment.title, assignment.text) if part
                            ),
                            categories=_("Homework"),
                        )
                    )
    own_staff = StaffMember.objects.filter(person__user_id=uid).values("pk")
    taught = (
        Lesson.objects.filter(
            Q(teacher_id__in=own_staff, substitution__isnull=True)
            | Q(substitution__teacher_id__in=own_staff),
            date__range=(start, end),
        )
        .select_related("school", "school_class", "study_group", "subject", "room")
        .order_by("date", "slot_number", "pk")
    )
    for lesson in taught:
        items.append(_lesson_item(lesson, "", "-t"))
    events = (
        Event.objects.visible_to(user)
        .filter(
            starts_at__lt=_moment(end + datetime.timedelta(days=1), datetime.time(0), "UTC"),
            starts_at__gte=_moment(start - datetime.timedelta(days=1), datetime.time(0), "UTC"),
        )
        .order_by("starts_at", "pk")
    )
    for event in events:
        items.append(
            CalendarItem(
                uid=f"event-{event.pk}@parta",
                summary=event.title,
                start=event.starts_at,
                end=event.ends_at,
                description=event.description,
                location=event.place,
                categories=str(event.get_kind_display()),
            )
        )

    def key(item: CalendarItem) -> tuple[str, str]:
        moment = item.start
        text = (
            moment.astimezone(datetime.UTC).isoformat()
            if isinstance(moment, datetime.datetime)
            else moment.isoformat()
        )
        return text, item.uid

    return sorted(items, key=key)
