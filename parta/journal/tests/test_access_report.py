"""The journal access report's selector: which events it lists for each filter, the dates of
the actions, other schools never shown, refusals of a bad filter, readable before → after, and
a constant number of queries."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.world import SchoolWorld
from parta.journal import services
from parta.journal.access_report import (
    ReportFilter,
    ReportKind,
    access_report,
    report_events,
    report_filter,
    report_rows,
)
from parta.journal.choices import AbsenceReason, FinalMarkKind
from parta.timetable.models import Lesson

pytestmark = pytest.mark.django_db


def moment(day: datetime.date, hour: int = 9) -> datetime.datetime:
    """`hour` o'clock in Moscow (the schools' time zone) on `day`."""
    local = datetime.datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo("Europe/Moscow"))
    return local.astimezone(datetime.UTC)


@dataclass
class Scene:
    """In school A: 5А's mathematics, a subgroup of 5А in English, 6Б's mathematics; school B:
    its 5А's mathematics. The director of A (IP 10.0.0.1) and the teacher write on `day`."""

    sw: SchoolWorld
    day: datetime.date
    math: Any
    english: Any
    lesson: Lesson
    group_lesson: Lesson
    other_class_lesson: Lesson
    other_class: Any
    director: Actor
    teacher: Actor
    period: Any

    def rules(self, **kwargs: Any) -> ReportFilter:
        kwargs.setdefault("date_from", self.day)
        kwargs.setdefault("date_to", self.day)
        return report_filter(school=self.sw.school, **kwargs)

    def types(self, **kwargs: Any) -> list[str]:
        return [e.object_type for e in report_events(self.sw.school, self.rules(**kwargs))]


def _lesson(sw: SchoolWorld, day: datetime.date, subject: Any, slot: int, **kwargs: Any) -> Any:
    kwargs.setdefault("school_class", sw.school_class)
    return f.LessonFactory.create(
        teacher=sw.class_teacher, date=day, subject=subject, slot_number=slot, **kwargs
    )


def write_journal(sw: SchoolWorld, lesson: Lesson, actor: Actor) -> None:
    """A mark set and changed, an absence, a topic, an assignment changed and one deleted."""
    work_type = f.WorkTypeFactory.create(school=sw.school)
    test = f.WorkTypeFactory.create(school=sw.school, name="Контрольная работа")
    assignment = services.assignment_create(actor=actor, lesson=lesson, work_type=work_type)
    mark = services.mark_set(
        actor=actor,
        assignment=assignment,
        student=sw.student,
        value="4",
        expected_version=None,
    )
    services.mark_set(
        actor=actor, assignment=assignment, student=sw.student, value="5", expected_version=1
    )
    assert mark.pk
    services.attendance_set(
        actor=actor, lesson=lesson, student=sw.other_student, code="н", expected_version=None
    )
    services.lesson_topic_set(actor=actor, lesson=lesson, topic="Дроби")
    services.assignment_update(
        actor=actor, assignment=assignment, data={"work_type": test, "title": "К/р №1"}
    )
    spare = services.assignment_create(actor=actor, lesson=lesson, work_type=work_type)
    services.assignment_delete(actor=actor, assignment=spare)


@pytest.fixture
def scene(world: Any) -> Iterator[Scene]:
    sw = world.a
    start = sw.year.start_date + datetime.timedelta(days=14)
    day = start + datetime.timedelta(days=(7 - start.weekday()) % 7)  # a Monday
    math, english = f.federal_subject(), f.federal_subject("Английский язык")
    other_class = f.SchoolClassFactory.create(period_set=sw.period_set, grade=6, letter="Б")
    group = f.StudyGroupFactory.create(school_class=sw.school_class, name="5А англ. 1")
    with time_machine.travel(moment(day), tick=False):
        scene = Scene(
            sw=sw,
            day=day,
            math=math,
            english=english,
            lesson=_lesson(sw, day, math, 1),
            group_lesson=_lesson(
                sw,
                day,
                english,
                2,
                school_class=None,
                study_group=group,
                school=sw.school,
                academic_year=sw.year,
            ),
            other_class_lesson=_lesson(sw, day, math, 3, school_class=other_class),
            other_class=other_class,
            director=Actor(user=sw.users["director"], ip_address="10.0.0.1"),
            teacher=Actor(user=sw.users["teacher"], ip_address="10.0.0.2"),
            period=sw.period_set.periods.get(number=1),
        )
        write_journal(sw, scene.lesson, scene.director)
        services.lesson_topic_set(actor=scene.teacher, lesson=scene.group_lesson, topic="Verbs")
        services.lesson_topic_set(
            actor=scene.director, lesson=scene.other_class_lesson, topic="Уравнения"
        )
        services.final_mark_set(
            actor=scene.director,
            student=sw.student,
            subject=math,
            kind=FinalMarkKind.PERIOD,
            study_period=scene.period,
            academic_year=sw.year,
            value="4",
            expected_version=None,
        )
        services.final_mark_set(
            actor=scene.director,
            student=sw.student,
            subject=math,
            kind=FinalMarkKind.PERIOD,
            study_period=scene.period,
            academic_year=sw.year,
            value="5",
            expected_version=1,
        )
        services.absence_document_create(
            actor=scene.director,
            school=sw.school,
            student=sw.other_student,
            start_date=day,
            end_date=day,
            reason=AbsenceReason.ILLNESS,
        )
        services.period_close(actor=scene.director, study_period=scene.period)
        # school B writes the same day
        other = world.b
        b_lesson = _lesson(other, day, math, 1)
        write_journal(other, b_lesson, Actor(user=other.users["director"], ip_address="10.9.9.9"))
    with time_machine.travel(moment(day + datetime.timedelta(days=3), 10), tick=False):
        yield scene


def test_all_kinds_of_the_day_newest_first_and_never_another_school(scene):
    # when the director reads the day
    events = list(report_events(scene.sw.school, scene.rules()))
    # then every journal write of school A is listed, the newest first, none of school B
    assert {e.school_id for e in events} == {scene.sw.school.pk}
    kinds = {e.object_type for e in events}
    assert kinds == {
        "journal.assignment",
        "journal.mark",
        "journal.attendancemark",
        "timetable.lesson",
        "journal.finalmark",
        "journal.absencedocument",
        "journal.periodclosure",
    }
    assert [e.pk for e in events] == sorted((e.pk for e in events), reverse=True)
    # the absence recoded by the sick note is there (н → б)
    codes = [
        (e.before or {}).get("code") for e in events if e.object_type == "journal.attendancemark"
    ]
    assert "н" in codes


def test_class_filter_takes_its_subgroups_and_leaves_other_classes(scene):
    # when narrowed to 5А
    events = list(report_events(scene.sw.school, scene.rules(school_class=scene.sw.school_class)))
    lessons = {e.object_id for e in events if e.object_type == "timetable.lesson"}
    # then the topics of 5А's and its subgroup's lessons are in, 6Б's is not
    assert lessons == {str(scene.lesson.pk), str(scene.group_lesson.pk)}
    types = {e.object_type for e in events}
    # marks, attendance, assignments (the change and the deleted one too), the student's final
    # mark and document are in; the closed period (no class) is not
    assert types == {
        "journal.assignment",
        "journal.mark",
        "journal.attendancemark",
        "timetable.lesson",
        "journal.finalmark",
        "journal.absencedocument",
    }
    assignment_actions = sorted(e.action for e in events if e.object_type == "journal.assignment")
    assert assignment_actions == ["create", "create", "delete", "update"]
    # 6Б alone: its topic only
    assert scene.types(school_class=scene.other_class) == ["timetable.lesson"]


def test_subject_filter(scene):
    # English: the subgroup's topic only
    assert scene.types(subject=scene.english) == ["timetable.lesson"]
    # mathematics: everything of the two mathematics lessons and the final mark, not the
    # document (it names no subject)
    types = scene.types(subject=scene.math)
    assert "journal.absencedocument" not in types
    assert types.count("journal.finalmark") == 2
    assert types.count("timetable.lesson") == 2
    # 5А and mathematics: one topic
    assert (
        scene.types(school_class=scene.sw.school_class, subject=scene.math).count(
            "timetable.lesson"
        )
        == 1
    )


def test_user_action_and_kind_filters(scene):
    # the teacher wrote one topic
    assert scene.types(user=scene.sw.users["teacher"]) == ["timetable.lesson"]
    # deletions: the spare assignment
    assert scene.types(action="delete") == ["journal.assignment"]
    # kinds
    assert set(scene.types(kind=ReportKind.MARK)) == {"journal.mark"}
    assert len(scene.types(kind=ReportKind.MARK)) == 2
    assert set(scene.types(kind=ReportKind.TOPIC)) == {"timetable.lesson"}
    assert len(scene.types(kind=ReportKind.FINAL_MARK)) == 2
    assert scene.types(kind=ReportKind.PERIOD_CLOSURE) == ["journal.periodclosure"]
    assert scene.types(kind=ReportKind.ABSENCE_DOCUMENT) == ["journal.absencedocument"]
    assert scene.types(kind=ReportKind.SETTINGS) == []
    # kind and action together: the changed mark
    assert scene.types(kind=ReportKind.MARK, action="update") == ["journal.mark"]


def test_dates_of_the_actions_in_the_school_time_zone(scene):
    # given a topic changed at 01:00 Moscow time the next day (22:00 UTC of the day)
    next_day = scene.day + datetime.timedelta(days=1)
    with time_machine.travel(moment(next_day, 1), tick=False):
        services.lesson_topic_set(actor=scene.director, lesson=scene.lesson, topic="Дроби, ч. 2")
    # then it belongs to the next day, not to the day
    assert scene.types(date_from=next_day, date_to=next_day) == ["timetable.lesson"]
    assert "Дроби, ч. 2" not in [
        (e.after or {}).get("topic") for e in report_events(scene.sw.school, scene.rules())
    ]
    # and nothing happened the day before
    before = scene.day - datetime.timedelta(days=1)
    assert scene.types(date_from=before, date_to=before) == []


def test_default_is_the_last_seven_days(scene):
    # when no dates are given (three days after the day)
    rules = report_filter(school=scene.sw.school)
    # then the last seven days up to today are read, the day among them
    assert rules.date_to == scene.day + datetime.timedelta(days=3)
    assert rules.date_from == rules.date_to - datetime.timedelta(days=6)
    assert report_events(scene.sw.school, rules).count() > 0


def test_bad_filters_are_refused_with_a_message(scene, world):
    school = scene.sw.school
    with pytest.raises(ValidationError) as error:
        report_filter(school=school, date_from=scene.day, date_to=scene.day - datetime.timedelta(1))
    assert error.value.message_dict == {"date_to": ["The end date is earlier than the start date."]}
    with pytest.raises(ValidationError) as error:
        report_filter(
            school=school,
            date_from=scene.day,
            date_to=scene.day + datetime.timedelta(days=366),
        )
    assert error.value.message_dict == {
        "date_to": ["Choose at most one year of actions at a time."]
    }
    # exactly a year is allowed
    report_filter(
        school=school,
        date_from=datetime.date(2025, 1, 10),
        date_to=datetime.date(2026, 1, 10),
    )
    with pytest.raises(ValidationError) as error:
        report_filter(school=school, school_class=world.b.school_class.pk)
    assert error.value.message_dict == {
        "school_class": [f"The school has no class with the number {world.b.school_class.pk}."]
    }
    with pytest.raises(ValidationError) as error:
        report_filter(school=school, user=world.b.users["director"].pk)
    assert "user" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        report_filter(school=school, action="view")
    assert "action" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        report_filter(school=school, kind="grades")
    assert error.value.message_dict == {"kind": ["Unknown kind of change «grades»."]}


def test_rows_are_readable_and_link_to_the_grid_and_the_cell(scene):
    # when the rows of the day are resolved
    rows = report_rows(scene.sw.school, list(report_events(scene.sw.school, scene.rules())))
    changed = next(
        r for r in rows if r.event.object_type == "journal.mark" and r.action == "update"
    )
    # then the changed mark reads 4 → 5 with its journal, lesson, period and student
    assert (changed.before, changed.after) == ("4", "5")
    assert changed.actor_name == scene.sw.users["director"].username
    assert changed.school_class_name == "5А"
    assert changed.subject_name == "Математика"
    assert changed.lesson_date == scene.day
    assert changed.period_name == "1 четверть"
    assert changed.student == scene.sw.student
    assert changed.event.ip_address == "10.0.0.1"
    assert changed.url.endswith(
        f"/class/{scene.sw.school_class.pk}/{scene.math.pk}/?period={scene.period.pk}"
    )
    assert changed.history_url.endswith(f"/cell/{scene.lesson.pk}/{scene.sw.student.pk}/history/")
    # attendance codes are named
    absence = next(
        r for r in rows if r.event.object_type == "journal.attendancemark" and r.action == "create"
    )
    assert absence.after == "н (absent without a valid reason)"
    assert absence.before == "—"
    # the subgroup's topic names the group
    topic = next(r for r in rows if r.event.object_id == str(scene.group_lesson.pk))
    assert (topic.school_class_name, topic.after) == (scene.group_lesson.study_group.name, "Verbs")
    # the changed assignment (its event names no lesson) is placed and its work type named
    assignment = next(
        r for r in rows if r.event.object_type == "journal.assignment" and r.action == "update"
    )
    assert assignment.lesson == scene.lesson
    assert assignment.after == "work type: Контрольная работа; title: К/р №1"
    # the changed final mark (its event names no student) is placed too
    final = next(
        r for r in rows if r.event.object_type == "journal.finalmark" and r.action == "update"
    )
    assert (final.before, final.after, final.what) == ("4", "5", "period mark")
    assert (final.student, final.subject_name, final.period_name, final.school_class_name) == (
        scene.sw.student,
        "Математика",
        "1 четверть",
        "5А",
    )
    assert "/finals/" in final.url
    document = next(r for r in rows if r.event.object_type == "journal.absencedocument")
    assert document.school_class_name == "5А"
    assert "reason: illness (sick note)" in document.after
    closure = next(r for r in rows if r.event.object_type == "journal.periodclosure")
    assert (closure.before, closure.after, closure.period_name) == ("open", "closed", "1 четверть")


def test_deleted_assignment_keeps_its_lesson(scene):
    rows = report_rows(
        scene.sw.school,
        list(report_events(scene.sw.school, scene.rules(action="delete"))),
    )
    assert [row.lesson for row in rows] == [scene.lesson]


def _more_events(scene: Scene, rounds: int) -> None:
    """`rounds` × (a mark changed, an assignment changed, a final mark changed, a document, a
    topic): every kind of resolution a page needs."""
    sw = scene.sw
    lesson = f.LessonFactory.create(
        school_class=sw.school_class,
        teacher=sw.class_teacher,
        date=scene.day + datetime.timedelta(days=1),
        subject=scene.math,
    )
    kinds = [f.WorkTypeFactory.create(school=sw.school, name=name) for name in ("Отв", "С/р")]
    assignment = services.assignment_create(actor=scene.director, lesson=lesson, work_type=kinds[0])
    services.mark_set(
        actor=scene.director,
        assignment=assignment,
        student=sw.student,
        value="3",
        expected_version=None,
    )
    year_mark = services.final_mark_set(
        actor=scene.director,
        student=sw.student,
        subject=scene.math,
        kind=FinalMarkKind.YEAR,
        academic_year=sw.year,
        value="3",
        expected_version=None,
    )
    AuditEvent.objects.filter(school=sw.school).delete()
    for number in range(rounds):
        value = "4" if number % 2 == 0 else "5"
        services.mark_set(
            actor=scene.director,
            assignment=assignment,
            student=sw.student,
            value=value,
            expected_version=number + 1,
        )
        services.assignment_update(
            actor=scene.director, assignment=assignment, data={"work_type": kinds[number % 2 - 1]}
        )
        services.final_mark_set(
            actor=scene.director,
            student=sw.student,
            subject=scene.math,
            kind=FinalMarkKind.YEAR,
            academic_year=sw.year,
            value=value,
            expected_version=year_mark.version + number,
        )
        day = scene.day + datetime.timedelta(days=number)
        services.absence_document_create(
            actor=scene.director,
            school=sw.school,
            student=sw.student,
            start_date=day,
            end_date=day,
            reason=AbsenceReason.FAMILY,
            subject=scene.math,
        )
        services.lesson_topic_set(actor=scene.director, lesson=lesson, topic=f"Тема {number}")


@pytest.mark.parametrize("rounds", [1, 12])
def test_a_page_costs_the_same_for_5_and_60_events(scene, rounds, django_assert_num_queries):
    # given 5 (or 60) events of every kind the page resolves
    with time_machine.travel(moment(scene.day, 12), tick=False):
        _more_events(scene, rounds)
    rules = scene.rules()
    # when a page of up to 200 is read, then it costs a count, the page and eight lookups
    with django_assert_num_queries(10):
        report = access_report(school=scene.sw.school, rules=rules, page_size=200)
        assert len(report.rows) == 5 * rounds
        assert all(row.lesson is not None for row in report.rows if row.kind == "assignment")
        assert all(row.student is not None for row in report.rows if row.kind == "final_mark")


def test_page_size_is_capped_at_200(scene):
    report = access_report(school=scene.sw.school, rules=scene.rules(), page_size=5000)
    assert report.page.paginator.per_page == 200
    report = access_report(school=scene.sw.school, rules=scene.rules(), page_size=2, page=2)
    assert len(report.rows) == 2


def test_a_note_on_the_lesson_is_listed_with_the_topics(scene):
    # given the director writes a note on the lesson three days later (now)
    services.lesson_note_set(actor=scene.director, lesson=scene.lesson, note="Олимпиада")
    later = scene.day + datetime.timedelta(days=3)
    rules = scene.rules(date_from=later, date_to=later, kind=ReportKind.TOPIC)
    # when the topics and notes of that day are listed
    rows = report_rows(scene.sw.school, list(report_events(scene.sw.school, rules)))
    # then the note is there, named as a note, with its text
    assert [(row.what, row.before, row.after) for row in rows] == [
        ("note on the lesson", "—", "Олимпиада")
    ]
