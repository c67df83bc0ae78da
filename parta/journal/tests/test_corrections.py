"""Correction requests: asking after the edit window, deciding, withdrawing; an approved request
reopens exactly that lesson to exactly its requester until `open_until`; one audit event per
step. The shared material of the correction page and API tests lives here too (`crig`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.world import SchoolWorld, World
from parta.journal.choices import CorrectionStatus
from parta.journal.models import CorrectionRequest, JournalSettings, Mark, PeriodClosure
from parta.journal.querysets import journal_writable_lessons
from parta.journal.rules import may_write_journal, school_today
from parta.journal.services import (
    attendance_set,
    correction_request_approve,
    correction_request_create,
    correction_request_reject,
    correction_request_withdraw,
    lesson_topic_set,
    mark_set,
)
from parta.people.models import StaffMember
from parta.timetable.choices import LessonStatus
from parta.timetable.models import Lesson

pytestmark = pytest.mark.django_db

WINDOW = 3
#: the clock stands this many days after the lessons: their edit window has ended
AFTER = 10
REASON = "Оценка выставлена не тому ученику: Петрову вместо Петровой."


@dataclass
class CSide:
    """One school: 5А's mathematics lesson taught by the teacher without a class (`lesson`),
    another of her lessons the same day (`other`), and the class teacher's Russian lesson
    substituted by her (`shared`: both keep it)."""

    sw: SchoolWorld
    lesson: Lesson
    other: Lesson
    shared: Lesson

    def user(self, who: str) -> Any:
        return self.sw.users[who]

    def actor(self, who: str) -> Actor:
        return Actor(user=self.user(who))


@dataclass
class CRig:
    world: World
    a: CSide
    b: CSide
    day: datetime.date
    today: datetime.date

    def side(self, key: str) -> CSide:
        side: CSide = getattr(self, key)
        return side


def _side(sw: SchoolWorld) -> CSide:
    JournalSettings.objects.create(school=sw.school, edit_window_days=WINDOW)
    teacher = StaffMember.objects.get(school=sw.school, person__user=sw.users["teacher_no_class"])
    day = sw.year.start_date + datetime.timedelta(days=14)
    maths, russian = f.federal_subject(), f.federal_subject("Русский язык")

    def lesson(subject: Any, staff: Any, slot: int) -> Lesson:
        return f.LessonFactory.create(
            school_class=sw.school_class, subject=subject, teacher=staff, date=day, slot_number=slot
        )

    shared = lesson(russian, sw.class_teacher, 3)
    f.SubstitutionFactory.create(lesson=shared, teacher=teacher)
    return CSide(sw, lesson(maths, teacher, 1), lesson(maths, teacher, 2), shared)


def noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), ZoneInfo("Europe/Moscow"))


@pytest.fixture
def crig(world: World) -> Iterator[CRig]:
    a, b = _side(world.a), _side(world.b)
    today = a.lesson.date + datetime.timedelta(days=AFTER)
    with time_machine.travel(noon(today), tick=False):
        yield CRig(world, a, b, a.lesson.date, today)


def ask(side: CSide, lesson: Lesson | None = None, who: str = "teacher_no_class") -> Any:
    return correction_request_create(
        actor=side.actor(who), lesson=lesson or side.lesson, reason=REASON
    )


def writes(side: CSide, lesson: Lesson, who: str) -> bool:
    """Whether the service lets `who` change the lesson's topic (nothing is kept)."""
    try:
        lesson_topic_set(actor=side.actor(who), lesson=lesson, topic="Исправленная тема")
    except ValidationError:
        return False
    finally:
        Lesson.objects.filter(pk=lesson.pk).update(topic="")
    return True


def refusal(call: Any) -> ValidationError:
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        call()
    assert AuditEvent.objects.count() == events
    return caught.value


# --- asking ------------------------------------------------------------------------------------
def test_the_keeper_asks_after_the_window_with_one_audit_event(crig: CRig) -> None:
    # given the lesson's edit window has ended
    events = AuditEvent.objects.count()
    # when its teacher asks to correct it
    correction = ask(crig.a)
    # then the request awaits a decision, in the lesson's school, with one audit event
    assert correction.status == CorrectionStatus.PENDING
    assert correction.school_id == crig.a.sw.school.pk
    assert correction.requested_by == crig.a.user("teacher_no_class")
    assert correction.reason == REASON
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("pk")
    assert event.action == AuditEvent.Action.CREATE
    assert event.object_type == "journal.correctionrequest"
    assert event.school_id == crig.a.sw.school.pk


def test_the_substitute_asks_too(crig: CRig) -> None:
    correction = ask(crig.a, crig.a.shared)
    assert correction.lesson == crig.a.shared


def test_nothing_to_ask_within_the_window(crig: CRig) -> None:
    # given the clock back inside the edit window
    with time_machine.travel(noon(crig.day + datetime.timedelta(days=WINDOW)), tick=False):
        # then asking is refused: the teacher may still change the lesson
        error = refusal(lambda: ask(crig.a))
    assert error.code == "writable"
    assert not CorrectionRequest.objects.exists()


@pytest.mark.parametrize("who", ["teacher", "director", "deputy_director", "secretary"])
def test_only_a_keeper_asks(crig: CRig, who: str) -> None:
    # the class teacher does not keep the mathematics lesson; the administration writes anyway
    error = refusal(lambda: ask(crig.a, who=who))
    assert error.code == "forbidden"
    assert not CorrectionRequest.objects.exists()


def test_a_keeper_of_another_school_cannot_ask(crig: CRig) -> None:
    # school A's teacher asks about school B's lesson
    error = refusal(lambda: ask(crig.a, crig.b.lesson))
    assert error.code == "forbidden"


def test_a_cancelled_lesson_takes_no_request(crig: CRig) -> None:
    Lesson.objects.filter(pk=crig.a.lesson.pk).update(status=LessonStatus.CANCELLED)
    assert refusal(lambda: ask(crig.a)).code == "cancelled"


def test_a_lesson_in_a_closed_period_takes_no_request(crig: CRig) -> None:
    # given the first quarter (holding the lesson) closed
    period = crig.a.sw.period_set.periods.get(number=1)
    assert period.start_date <= crig.day <= period.end_date
    PeriodClosure.objects.create(school=crig.a.sw.school, study_period=period)
    assert refusal(lambda: ask(crig.a)).code == "closed"


def test_one_pending_request_at_a_time(crig: CRig) -> None:
    # given a request awaiting a decision
    first = ask(crig.a)
    # then a second one is refused
    assert refusal(lambda: ask(crig.a)).code == "pending"
    # and after a rejection the teacher may ask again
    correction_request_reject(actor=crig.a.actor("deputy_director"), correction=first, note="Нет")
    assert ask(crig.a).status == CorrectionStatus.PENDING
    # another lesson is another matter
    assert ask(crig.a, crig.a.other).status == CorrectionStatus.PENDING


@pytest.mark.parametrize(("reason", "ok"), [("", False), ("   ", False), ("я" * 1000, True)])
def test_the_reason_is_required_and_at_most_1000_characters(
    crig: CRig, reason: str, ok: bool
) -> None:
    call = partial(
        correction_request_create,
        actor=crig.a.actor("teacher_no_class"),
        lesson=crig.a.lesson,
        reason=reason,
    )
    if ok:
        assert call().reason == reason
    else:
        assert refusal(call).code == "reason"
    too_long = "я" * 1001
    error = refusal(
        lambda: correction_request_create(
            actor=crig.a.actor("teacher_no_class"), lesson=crig.a.other, reason=too_long
        )
    )
    assert error.code == "reason"


# --- deciding ----------------------------------------------------------------------------------
def test_an_approval_reopens_that_lesson_to_the_requester_only(crig: CRig) -> None:
    # given the substitute's request for the shared lesson, approved by the deputy director
    side = crig.a
    correction = ask(side, side.shared)
    assert not writes(side, side.shared, "teacher_no_class")
    events = AuditEvent.objects.count()
    approved = correction_request_approve(
        actor=side.actor("deputy_director"), correction=correction, note="Исправьте сегодня"
    )
    # then it is open until the school's today + 2 days, with one audit event
    assert approved.status == CorrectionStatus.APPROVED
    assert approved.open_until == crig.today + datetime.timedelta(days=2)
    assert approved.decided_by == side.user("deputy_director")
    assert approved.decided_at is not None
    assert approved.decision_note == "Исправьте сегодня"
    assert AuditEvent.objects.count() == events + 1
    # and the requester writes the lesson: topic, attendance, marks
    assert writes(side, side.shared, "teacher_no_class")
    attendance_set(
        actor=side.actor("teacher_no_class"),
        lesson=side.shared,
        student=side.sw.student,
        code="н",
        expected_version=None,
    )
    assignment = f.AssignmentFactory.create(lesson=side.shared)
    mark_set(
        actor=side.actor("teacher_no_class"),
        assignment=assignment,
        student=side.sw.student,
        value="5",
        expected_version=None,
    )
    # but not the lesson's own teacher (she did not ask), nor the requester's other lesson
    assert not writes(side, side.shared, "teacher")
    assert not writes(side, side.other, "teacher_no_class")
    # the rule and its queryset twin agree
    user = side.user("teacher_no_class")
    assert may_write_journal(user, side.shared, crig.today)
    assert not may_write_journal(user, side.other, crig.today)
    writable = set(journal_writable_lessons(user, crig.today).values_list("pk", flat=True))
    assert side.shared.pk in writable
    assert side.other.pk not in writable
    assert not may_write_journal(side.user("teacher"), side.shared, crig.today)


def test_the_grant_ends_after_open_until(crig: CRig) -> None:
    # given an approval until tomorrow
    side = crig.a
    tomorrow = crig.today + datetime.timedelta(days=1)
    correction = ask(side)
    correction_request_approve(
        actor=side.actor("director"), correction=correction, open_until=tomorrow
    )
    # then the teacher writes until tomorrow inclusive
    with time_machine.travel(noon(tomorrow), tick=False):
        assert writes(side, side.lesson, "teacher_no_class")
        assert may_write_journal(side.user("teacher_no_class"), side.lesson, tomorrow)
    # and no longer the day after, told when it ended
    after = tomorrow + datetime.timedelta(days=1)
    with time_machine.travel(noon(after), tick=False):
        with pytest.raises(ValidationError) as caught:
            lesson_topic_set(actor=side.actor("teacher_no_class"), lesson=side.lesson, topic="Т")
        assert caught.value.code == "window"
        assert f"ended on {tomorrow:%d.%m.%Y}" in caught.value.messages[0]
        user = side.user("teacher_no_class")
        assert not may_write_journal(user, side.lesson, after)
        assert not journal_writable_lessons(user, after).filter(pk=side.lesson.pk).exists()
        # and may ask again
        assert ask(side).status == CorrectionStatus.PENDING


def test_the_window_refusal_tells_the_teacher_to_request_a_correction(crig: CRig) -> None:
    with pytest.raises(ValidationError) as caught:
        lesson_topic_set(actor=crig.a.actor("teacher_no_class"), lesson=crig.a.lesson, topic="Т")
    assert caught.value.code == "window"
    assert "Request a correction" in caught.value.messages[0]


def test_a_granted_lesson_in_a_closed_period_stays_closed(crig: CRig) -> None:
    # given an approved request, then the period closed
    side = crig.a
    correction_request_approve(actor=side.actor("director"), correction=ask(side))
    period = side.sw.period_set.periods.get(number=1)
    PeriodClosure.objects.create(school=side.sw.school, study_period=period)
    # then the teacher may not change the lesson
    with pytest.raises(ValidationError) as caught:
        lesson_topic_set(actor=side.actor("teacher_no_class"), lesson=side.lesson, topic="Т")
    assert caught.value.code == "closed"


def test_an_approval_in_a_closed_period_is_refused(crig: CRig) -> None:
    correction = ask(crig.a)
    period = crig.a.sw.period_set.periods.get(number=1)
    PeriodClosure.objects.create(school=crig.a.sw.school, study_period=period)
    call = partial(
        correction_request_approve, actor=crig.a.actor("director"), correction=correction
    )
    assert refusal(call).code == "closed"


@pytest.mark.parametrize(("days", "ok"), [(-1, False), (0, True), (14, True), (15, False)])
def test_open_until_lies_between_today_and_14_days_ahead(crig: CRig, days: int, ok: bool) -> None:
    correction = ask(crig.a)
    until = crig.today + datetime.timedelta(days=days)
    call = partial(
        correction_request_approve,
        actor=crig.a.actor("deputy_director"),
        correction=correction,
        open_until=until,
    )
    if ok:
        assert call().open_until == until
    else:
        assert refusal(call).code == "open_until"
        correction.refresh_from_db()
        assert correction.status == CorrectionStatus.PENDING


@pytest.mark.parametrize(
    "who", ["teacher", "teacher_no_class", "secretary", "hr_officer", "student", "parent"]
)
def test_only_the_director_and_the_deputy_decide(crig: CRig, who: str) -> None:
    correction = ask(crig.a)
    actor = crig.a.actor(who)
    approve = partial(correction_request_approve, actor=actor, correction=correction)
    reject = partial(correction_request_reject, actor=actor, correction=correction, note="Нет")
    assert refusal(approve).code == "forbidden"
    assert refusal(reject).code == "forbidden"
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.PENDING


def test_the_director_of_another_school_does_not_decide(crig: CRig) -> None:
    correction = ask(crig.a)
    actor = crig.b.actor("director")
    assert refusal(lambda: correction_request_approve(actor=actor, correction=correction)).code
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.PENDING
    # the superuser decides everywhere
    superuser = Actor(user=crig.world.superuser)
    assert correction_request_approve(actor=superuser, correction=correction).open_until


def test_a_rejection_needs_a_note_and_keeps_the_lesson_closed(crig: CRig) -> None:
    correction = ask(crig.a)
    deputy = crig.a.actor("deputy_director")
    reject = partial(correction_request_reject, actor=deputy, correction=correction, note="  ")
    assert refusal(reject).code == "note"
    events = AuditEvent.objects.count()
    rejected = correction_request_reject(
        actor=deputy, correction=correction, note="Оценка верная, см. журнал"
    )
    assert rejected.status == CorrectionStatus.REJECTED
    assert rejected.open_until is None
    assert rejected.decision_note == "Оценка верная, см. журнал"
    assert AuditEvent.objects.count() == events + 1
    assert not writes(crig.a, crig.a.lesson, "teacher_no_class")


def test_a_decided_request_is_not_decided_again(crig: CRig) -> None:
    correction = ask(crig.a)
    deputy = crig.a.actor("deputy_director")
    correction_request_reject(actor=deputy, correction=correction, note="Нет")
    approve = partial(correction_request_approve, actor=deputy, correction=correction)
    assert refusal(approve).code == "decided"
    withdraw = partial(
        correction_request_withdraw, actor=crig.a.actor("teacher_no_class"), correction=correction
    )
    assert refusal(withdraw).code == "decided"
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.REJECTED


# --- withdrawing -------------------------------------------------------------------------------
def test_the_requester_withdraws_a_pending_request(crig: CRig) -> None:
    correction = ask(crig.a)
    # others may not
    for who in ("deputy_director", "teacher"):
        call = partial(correction_request_withdraw, actor=crig.a.actor(who), correction=correction)
        assert refusal(call).code == "forbidden"
    events = AuditEvent.objects.count()
    withdrawn = correction_request_withdraw(
        actor=crig.a.actor("teacher_no_class"), correction=correction
    )
    assert withdrawn.status == CorrectionStatus.WITHDRAWN
    assert AuditEvent.objects.count() == events + 1
    # and a new request may follow
    assert ask(crig.a).status == CorrectionStatus.PENDING


# --- cost --------------------------------------------------------------------------------------
def test_a_granted_mark_save_costs_at_most_six_statements(
    crig: CRig, django_assert_max_num_queries: Any
) -> None:
    # given an approved request and a mark to change
    from parta.accounts.access import access_for

    side = crig.a
    correction_request_approve(actor=side.actor("director"), correction=ask(side))
    assignment = f.AssignmentFactory.create(lesson=side.lesson)
    actor = side.actor("teacher_no_class")
    access_for(actor.user)  # the request resolves access before the service runs
    with django_assert_max_num_queries(6):
        mark_set(
            actor=actor,
            assignment=assignment,
            student=side.sw.student,
            value="4",
            expected_version=None,
        )
    assert Mark.objects.get(assignment=assignment).value == "4"
    assert school_today(side.sw.school) == crig.today
