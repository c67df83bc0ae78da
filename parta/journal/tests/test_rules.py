"""Who reads and who writes the journal, over the two-school world; every predicate agrees with
its queryset twin."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from parta.core.testing import factories as f
from parta.core.testing.matrix import ALL_WHO
from parta.core.testing.world import World
from parta.journal.models import Assignment, JournalSettings, Mark
from parta.journal.querysets import (
    journal_audience_q,
    journal_readable_lessons,
    journal_writable_lessons,
)
from parta.journal.rules import (
    may_read_journal,
    may_read_lesson_journal,
    may_write_journal,
    school_today,
)
from parta.people.models import StaffMember
from parta.timetable.models import Lesson


@dataclass
class Lessons:
    """School A: mathematics of 5А taught by the teacher without a class (`taught`, and
    `later` a week on), Russian of 5А taught by the class teacher with `substituted` handed to
    the teacher without a class. School B: mathematics of its 5А (`other_school`)."""

    taught: Lesson
    later: Lesson
    russian: Lesson
    substituted: Lesson
    other_school: Lesson


def _lessons(world: World) -> Lessons:
    a = world.a
    subject_teacher = StaffMember.objects.get(
        school=a.school, person__user=a.users["teacher_no_class"]
    )
    maths, russian = f.federal_subject(), f.federal_subject("Русский язык")
    day = a.year.start_date + datetime.timedelta(days=7)

    def lesson(sw: Any, subject: Any, teacher: Any, when: datetime.date, slot: int) -> Lesson:
        return f.LessonFactory.create(
            school_class=sw.school_class,
            subject=subject,
            teacher=teacher,
            date=when,
            slot_number=slot,
        )

    taught = lesson(a, maths, subject_teacher, day, 1)
    later = lesson(a, maths, subject_teacher, day + datetime.timedelta(days=7), 1)
    russian_lesson = lesson(a, russian, a.class_teacher, day, 2)
    substituted = lesson(a, russian, a.class_teacher, day + datetime.timedelta(days=1), 2)
    f.SubstitutionFactory.create(lesson=substituted, teacher=subject_teacher)
    other = lesson(world.b, maths, world.b.class_teacher, day, 1)
    return Lessons(taught, later, russian_lesson, substituted, other)


@pytest.fixture
def lessons(world: World) -> Lessons:
    return _lessons(world)


WHOLE_SCHOOL = {"director", "deputy_director", "secretary", "hr_officer", "municipal_specialist"}
WHOLE_SCHOOL |= {"superuser"}

#: who reads the journal of each lesson's class or group × subject
READS_AUDIENCE = {
    "taught": WHOLE_SCHOOL | {"teacher", "teacher_no_class"},  # class teacher, subject teacher
    "russian": WHOLE_SCHOOL | {"teacher"},  # the substitute reaches one lesson, not the journal
    "other_school": {"municipal_specialist", "superuser"},
}
#: who reads the marks of each lesson
READS_LESSON = {
    "taught": READS_AUDIENCE["taught"],
    "later": READS_AUDIENCE["taught"],
    "russian": READS_AUDIENCE["russian"],
    "substituted": READS_AUDIENCE["russian"] | {"teacher_no_class"},
    "other_school": READS_AUDIENCE["other_school"],
}
ADMINISTRATION = {"director", "deputy_director", "superuser"}
#: who writes each lesson's journal the day after it
WRITES = {
    "taught": ADMINISTRATION | {"teacher_no_class"},
    "later": ADMINISTRATION | {"teacher_no_class"},
    "russian": ADMINISTRATION | {"teacher"},
    # the lesson's own teacher and its substitute both keep it
    "substituted": ADMINISTRATION | {"teacher", "teacher_no_class"},
    "other_school": {"superuser"},
}


@pytest.mark.parametrize("name", sorted(READS_AUDIENCE))
def test_who_reads_a_journal(world: World, lessons: Lessons, name: str) -> None:
    lesson = getattr(lessons, name)
    for who in ALL_WHO:
        user = world.user(who)
        expected = who in READS_AUDIENCE[name]
        assert may_read_journal(user, lesson.school_id, lesson) is expected, who
        twin = Lesson.objects.filter(journal_audience_q(user), pk=lesson.pk).exists()
        assert twin is expected, who


@pytest.mark.parametrize("name", sorted(READS_LESSON))
def test_who_reads_a_lessons_marks(world: World, lessons: Lessons, name: str) -> None:
    lesson = getattr(lessons, name)
    assignment = f.AssignmentFactory.create(lesson=lesson)
    f.MarkFactory.create(
        assignment=assignment, student=f.StudentFactory.create(school=lesson.school)
    )
    for who in ALL_WHO:
        user = world.user(who)
        expected = who in READS_LESSON[name]
        assert may_read_lesson_journal(user, lesson) is expected, who
        assert journal_readable_lessons(user).filter(pk=lesson.pk).exists() is expected, who
        assert Mark.objects.visible_to(user).filter(assignment=assignment).exists() is expected
        assert Assignment.objects.visible_to(user).filter(pk=assignment.pk).exists() is expected


@pytest.mark.parametrize("name", sorted(WRITES))
def test_who_writes_a_journal_within_the_window(world: World, lessons: Lessons, name: str) -> None:
    lesson = getattr(lessons, name)
    today = lesson.date + datetime.timedelta(days=1)
    for who in ALL_WHO:
        user = world.user(who)
        expected = who in WRITES[name]
        assert may_write_journal(user, lesson, today) is expected, who
        assert journal_writable_lessons(user, today).filter(pk=lesson.pk).exists() is expected


@pytest.mark.parametrize(
    ("window", "days_after", "open_"),
    [(7, 7, True), (7, 8, False), (0, 0, True), (0, 1, False), (14, 10, True)],
)
def test_after_the_window_only_the_administration_writes(
    world: World, lessons: Lessons, window: int, days_after: int, open_: bool
) -> None:
    JournalSettings.objects.create(school=world.a.school, edit_window_days=window)
    lesson = lessons.taught
    today = lesson.date + datetime.timedelta(days=days_after)
    for who in ALL_WHO:
        user = world.user(who)
        expected = who in ADMINISTRATION or (who == "teacher_no_class" and open_)
        assert may_write_journal(user, lesson, today) is expected, who
        assert journal_writable_lessons(user, today).filter(pk=lesson.pk).exists() is expected


def test_school_today_follows_the_schools_time_zone(world: World) -> None:
    import time_machine

    school = world.a.school
    school.timezone = "Asia/Kamchatka"  # UTC+12
    utc_evening = datetime.datetime(2026, 11, 23, 13, 0, tzinfo=datetime.UTC)
    with time_machine.travel(utc_evening, tick=False):
        assert school_today(school) == datetime.date(2026, 11, 24)
        school.timezone = "Europe/Kaliningrad"
        assert school_today(school) == datetime.date(2026, 11, 23)


def test_a_student_and_a_parent_reach_no_journal(world: World, lessons: Lessons) -> None:
    for who in ("student", "parent"):
        user = world.user(who)
        assert not journal_readable_lessons(user).exists()
        assert not Mark.objects.visible_to(user).exists()


@pytest.mark.parametrize("name", sorted(WRITES))
def test_the_services_write_exactly_where_the_rule_allows(
    world: World, lessons: Lessons, name: str
) -> None:
    # the services load their facts in one SQL statement of their own: they must agree with
    # the ORM predicates of the timetable (keeper) and the journal (writer)
    import time_machine
    from django.core.exceptions import ValidationError

    from parta.core.context import Actor
    from parta.journal.services import lesson_topic_set
    from parta.journal.services.context import load_facts
    from parta.timetable.rules import may_keep_journal

    lesson = getattr(lessons, name)
    noon = datetime.datetime.combine(
        lesson.date + datetime.timedelta(days=1), datetime.time(12), datetime.UTC
    )
    with time_machine.travel(noon, tick=False):
        for who in ALL_WHO:
            user = world.user(who)
            actor = Actor(user=user)
            facts = load_facts(actor=actor, source="lesson", pk=lesson.pk, student_id=None)
            assert facts is not None
            assert facts.is_keeper is may_keep_journal(user, lesson), who
            try:
                lesson_topic_set(actor=actor, lesson=lesson, topic=f"Тема {who}")
                wrote = True
            except ValidationError:
                wrote = False
            assert wrote is may_write_journal(user, lesson, school_today(lesson.school)), who
            assert wrote is (who in WRITES[name]), who


#: an approved correction of `who`, open until `until` days after today; who then writes
GRANTS = [
    # the subject teacher's own lesson: reopened to her
    ("taught", "teacher_no_class", 0, ADMINISTRATION | {"teacher_no_class"}),
    ("taught", "teacher_no_class", 5, ADMINISTRATION | {"teacher_no_class"}),
    # ended yesterday
    ("taught", "teacher_no_class", -1, ADMINISTRATION),
    # the substitute's grant does not reopen the lesson to its own teacher
    ("substituted", "teacher_no_class", 2, ADMINISTRATION | {"teacher_no_class"}),
    ("substituted", "teacher", 2, ADMINISTRATION | {"teacher"}),
    # a grant to someone who does not keep the lesson opens nothing
    ("taught", "teacher", 2, ADMINISTRATION),
    # another school's lesson: nobody of school A
    ("other_school", "teacher_no_class", 2, {"superuser"}),
]


def _grant(world: World, lesson: Lesson, who: str, until: datetime.date) -> None:
    from parta.journal.choices import CorrectionStatus
    from parta.journal.models import CorrectionRequest

    CorrectionRequest.objects.create(
        school_id=lesson.school_id,
        lesson=lesson,
        requested_by=world.user(who),
        reason="Ошибка в отметке",
        status=CorrectionStatus.APPROVED,
        open_until=until,
    )


@pytest.mark.parametrize(("name", "grantee", "days", "writers"), GRANTS)
def test_an_approved_correction_reopens_the_lesson_to_its_requester(
    world: World, lessons: Lessons, name: str, grantee: str, days: int, writers: set[str]
) -> None:
    # given the window of 3 days ended a week ago and an approved correction
    JournalSettings.objects.create(school=world.a.school, edit_window_days=3)
    JournalSettings.objects.create(school=world.b.school, edit_window_days=3)
    lesson = getattr(lessons, name)
    today = lesson.date + datetime.timedelta(days=10)
    _grant(world, lesson, grantee, today + datetime.timedelta(days=days))
    # pending and rejected requests of everybody else change nothing
    from parta.journal.models import CorrectionRequest

    for status, who in (("pending", "teacher"), ("rejected", "teacher_no_class")):
        CorrectionRequest.objects.create(
            school_id=lesson.school_id,
            lesson=lesson,
            requested_by=world.user(who),
            reason="Ошибка",
            status=status,
        )
    for who in ALL_WHO:
        user = world.user(who)
        expected = who in writers
        assert may_write_journal(user, lesson, today) is expected, who
        assert journal_writable_lessons(user, today).filter(pk=lesson.pk).exists() is expected


@pytest.mark.parametrize(("name", "grantee", "days", "writers"), GRANTS)
def test_the_services_honour_a_correction_exactly_like_the_rule(
    world: World, lessons: Lessons, name: str, grantee: str, days: int, writers: set[str]
) -> None:
    # the facts statement reads the grant in its own SQL: it must agree with the ORM twins
    import time_machine
    from django.core.exceptions import ValidationError

    from parta.core.context import Actor
    from parta.journal.services import lesson_topic_set

    JournalSettings.objects.create(school=world.a.school, edit_window_days=3)
    JournalSettings.objects.create(school=world.b.school, edit_window_days=3)
    lesson = getattr(lessons, name)
    today = lesson.date + datetime.timedelta(days=10)
    _grant(world, lesson, grantee, today + datetime.timedelta(days=days))
    noon = datetime.datetime.combine(today, datetime.time(12), datetime.UTC)
    with time_machine.travel(noon, tick=False):
        for who in ALL_WHO:
            user = world.user(who)
            try:
                lesson_topic_set(actor=Actor(user=user), lesson=lesson, topic=f"Тема {who}")
                wrote = True
            except ValidationError:
                wrote = False
            assert wrote is may_write_journal(user, lesson, school_today(lesson.school)), who
            assert wrote is (who in writers), who
