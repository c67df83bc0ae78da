"""Pages of dated lessons: the role matrix over two schools, denied writes change nothing, the
forms, the XLSX export, and constant query counts on the week, day and report pages."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from parta.core.testing import factories as f
from parta.core.testing.matrix import ADMINS, EVERYONE, READ_WHOLE_SCHOOL, check_matrix
from parta.timetable.models import BellScheduleDay, Lesson, Substitution
from parta.timetable.tests.test_api_lessons import _many, lw, monday, state

__all__ = ["lw"]


def url(name: str, args: Any = lambda lw, sw: [], query: str = "") -> Any:
    def build(lw: Any) -> Any:
        return lambda sw: reverse(f"timetable:{name}", args=[sw.school.pk, *args(lw, sw)]) + query

    return build


LESSON = lambda lw, sw: [lw.lessons[sw.school.pk].pk]  # noqa: E731
CLASS = lambda lw, sw: [sw.school_class.pk]  # noqa: E731
TEACHER = lambda lw, sw: [sw.class_teacher.pk]  # noqa: E731

PAGES = [
    ("lessons_day", url("lessons_day"), EVERYONE),
    ("class_week", url("class_week", CLASS), EVERYONE),
    ("teacher_week", url("teacher_week", TEACHER), EVERYONE),
    ("lesson", url("lesson", LESSON), EVERYONE),
    ("bell_days", url("bell_days"), EVERYONE),
    ("changes_report", url("changes_report"), READ_WHOLE_SCHOOL),
    ("changes_export", url("changes_export"), READ_WHOLE_SCHOOL),
    ("lessons_generate", url("lessons_generate"), ADMINS),
    ("lesson_add", url("lesson_add"), ADMINS),
]


@pytest.mark.parametrize(("name", "build", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_pages_matrix(client: Any, lw: Any, name: str, build: Any, allowed: Any) -> None:
    check_matrix(client, lw, build(lw), allowed=allowed)


def lesson_post(lw: Any, sw: Any, action: str) -> dict[str, Any]:
    posts: dict[str, dict[str, Any]] = {
        "move": {"action": "move", "move-date": str(monday(sw)), "move-slot_number": 2},
        "cancel": {"action": "cancel", "cancel-reason": "Карантин"},
        "substitute": {
            "action": "substitute",
            "substitute-teacher": lw.others[sw.school.pk].pk,
            "substitute-reason": "illness",
        },
    }
    return posts[action]


@pytest.mark.parametrize("action", ["move", "cancel", "substitute"])
def test_lesson_writes_matrix_and_denied_change_nothing(client: Any, lw: Any, action: str) -> None:
    before = state()
    denied = sorted(EVERYONE - ADMINS)
    for who in denied:
        client.force_login(lw.user(who))
        for sw in (lw.a, lw.b):
            target = reverse("timetable:lesson", args=[sw.school.pk, lw.lessons[sw.school.pk].pk])
            response = client.post(target, lesson_post(lw, sw, action))
            assert response.status_code in (403, 404), (who, response.status_code)
    assert state() == before
    for who in sorted(ADMINS):
        client.force_login(lw.user(who))
        sw = lw.b
        target = reverse("timetable:lesson", args=[sw.school.pk, lw.lessons[sw.school.pk].pk])
        expected = (302,) if who == "superuser" else (404,)
        assert client.post(target, lesson_post(lw, sw, action)).status_code in expected
    client.force_login(lw.user("deputy_director"))
    sw = lw.a
    target = reverse("timetable:lesson", args=[sw.school.pk, lw.lessons[sw.school.pk].pk])
    response = client.post(target, lesson_post(lw, sw, action))
    assert response.status_code == 302
    lesson = Lesson.objects.get(pk=lw.lessons[sw.school.pk].pk)
    if action == "move":
        assert (lesson.slot_number, lesson.is_moved) == (2, True)
    elif action == "cancel":
        assert lesson.cancel_reason == "Карантин"
    else:
        assert Substitution.objects.get(lesson=lesson).teacher == lw.others[sw.school.pk]


def test_lesson_page_shows_refusals_on_the_form(client: Any, lw: Any) -> None:
    sw = lw.a
    client.force_login(lw.user("director"))
    target = reverse("timetable:lesson", args=[sw.school.pk, lw.lessons[sw.school.pk].pk])
    holiday = datetime.date(sw.year.start_date.year, 10, 27)
    response = client.post(
        target, {"action": "move", "move-date": str(holiday), "move-slot_number": 1}
    )
    assert response.status_code == 200
    assert "falls on the holiday «Осенние каникулы»" in response.content.decode()
    response = client.post(target, {"action": "cancel", "cancel-reason": ""})
    assert "This field is required." in response.content.decode()
    response = client.post(target, {"action": "unsubstitute"})
    assert "The lesson has no substitute." in response.content.decode()
    client.post(target, {"action": "cancel", "cancel-reason": "Экскурсия"})
    page = client.get(target).content.decode()
    assert "Restore the lesson" in page
    assert client.post(target, {"action": "restore"}).status_code == 302
    assert Lesson.objects.get(pk=lw.lessons[sw.school.pk].pk).status == "scheduled"


def test_add_lesson_page(client: Any, lw: Any) -> None:
    sw = lw.a
    client.force_login(lw.user("secretary"))
    target = reverse("timetable:lesson_add", args=[sw.school.pk])
    data = {
        "date": str(monday(sw)),
        "slot_number": 1,
        "school_class": sw.school_class.pk,
        "subject": f.federal_subject().pk,
        "teacher": lw.others[sw.school.pk].pk,
    }
    response = client.post(target, data)
    assert "Class 5А already has a lesson at that time" in response.content.decode()
    response = client.post(target, {**data, "slot_number": 4})
    assert response.status_code == 302
    assert Lesson.objects.filter(school=sw.school, origin="added", slot_number=4).exists()
    client.force_login(lw.user("teacher"))
    assert client.post(target, {**data, "slot_number": 5}).status_code == 403
    assert not Lesson.objects.filter(slot_number=5).exists()


def test_generate_page_runs_and_reports(client: Any, lw: Any) -> None:
    sw = lw.a
    f.TimetableEntryFactory.create(
        school_class=sw.school_class, weekday=2, slot_number=2, teacher=sw.class_teacher
    )
    target = reverse("timetable:lessons_generate", args=[sw.school.pk])
    client.force_login(lw.user("teacher"))
    assert client.post(target, {}).status_code == 403
    assert Lesson.objects.count() == 2
    client.force_login(lw.user("director"))
    page = client.get(target).content.decode()
    assert "The whole academic year" in page
    period = sw.period_set.periods.order_by("number").first()
    response = client.post(target, {"period": str(period.pk)})
    assert response.status_code == 200
    created = Lesson.objects.filter(school=sw.school, origin="timetable").count()
    assert created > 5
    assert f'<tr><th scope="row">Created</th><td>{created}</td></tr>' in response.content.decode()
    assert (
        not Lesson.objects.filter(school=sw.school, date__gt=period.end_date)
        .filter(origin="timetable")
        .exists()
    )


def test_report_page_and_xlsx(client: Any, lw: Any) -> None:
    sw = lw.a
    _many(sw, 6)
    client.force_login(lw.user("deputy_director"))
    query = {"start": str(sw.year.start_date), "end": str(sw.year.end_date)}
    page = client.get(reverse("timetable:changes_report", args=[sw.school.pk]), query)
    assert page.status_code == 200
    assert sw.class_teacher.person.full_name in page.content.decode()
    response = client.get(reverse("timetable:changes_export", args=[sw.school.pk]), query)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    lessons, by_teacher, by_subject = book.worksheets
    assert lessons.max_row == 5  # header + 2 cancelled + 2 substituted
    rows = {row[0]: row[1:] for row in by_teacher.iter_rows(min_row=2, values_only=True)}
    assert rows[sw.class_teacher.person.full_name] == (2, 0, 2)
    assert by_subject.max_row == 2
    bad = client.get(
        reverse("timetable:changes_report", args=[sw.school.pk]),
        {"start": query["end"], "end": query["start"]},
    )
    assert "Choose at most a year, ending after the start." in bad.content.decode()


def test_bell_days_add_and_delete(client: Any, lw: Any) -> None:
    sw = lw.a
    short = f.BellScheduleFactory.create(
        academic_year=sw.year, name="Сокращённый", is_default=False
    )
    target = reverse("timetable:bell_days", args=[sw.school.pk])
    data = {"date": str(monday(sw)), "bell_schedule": short.pk}
    before = state()
    for who in sorted(EVERYONE - ADMINS):
        client.force_login(lw.user(who))
        assert client.post(target, data).status_code == 403
    assert state() == before
    client.force_login(lw.user("director"))
    assert client.post(target, data).status_code == 302
    day = BellScheduleDay.objects.get()
    page = client.get(target).content.decode()
    assert "Сокращённый" in page
    assert "Every day follows" not in page
    assert "already has its own bell schedule" in client.post(target, data).content.decode()
    delete = reverse("timetable:bell_day_delete", args=[sw.school.pk, day.pk])
    client.force_login(lw.user("teacher"))
    assert client.post(delete).status_code == 403
    client.force_login(lw.user("director"))
    other = reverse("timetable:bell_day_delete", args=[lw.b.school.pk, day.pk])
    assert client.post(other).status_code == 404
    assert client.post(delete).status_code == 302
    assert not BellScheduleDay.objects.exists()


def _count(client: Any, target: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(target)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "build",
    [
        lambda sw: (
            reverse("timetable:class_week", args=[sw.school.pk, sw.school_class.pk])
            + f"?week={monday(sw, 3)}"
        ),
        lambda sw: (
            reverse("timetable:teacher_week", args=[sw.school.pk, sw.class_teacher.pk])
            + f"?week={monday(sw, 3)}"
        ),
        lambda sw: reverse("timetable:lessons_day", args=[sw.school.pk]) + f"?date={monday(sw, 3)}",
        lambda sw: (
            reverse("timetable:changes_report", args=[sw.school.pk])
            + f"?start={sw.year.start_date}&end={sw.year.end_date}"
        ),
    ],
    ids=["class_week", "teacher_week", "day", "report"],
)
def test_pages_cost_the_same_for_5_and_50_lessons(client: Any, lw: Any, build: Any) -> None:
    sw = lw.a
    client.force_login(lw.user("deputy_director"))
    _many(sw, 5)
    client.get(build(sw))  # the first visit to a school remembers it
    few = _count(client, build(sw))
    _many(sw, 45)
    assert Lesson.objects.filter(school=sw.school).count() == 51
    assert _count(client, build(sw)) == few


def test_day_page_lists_the_changes_only_on_request(client: Any, lw: Any) -> None:
    # given three lessons on one day: one cancelled, one substituted, one as planned
    sw = lw.a
    _many(sw, 3)
    client.force_login(lw.user("teacher"))
    target = reverse("timetable:lessons_day", args=[sw.school.pk])
    day = monday(sw, 3)
    # when the day is shown in full and then only its changes
    full = client.get(target, {"date": str(day)}).content.decode()
    changes = client.get(target, {"date": str(day), "changes": "1"}).content.decode()
    # then the counts are the same and the list shrinks to the two changes
    assert "3 lessons; 2 changes" in full
    assert "3 lessons; 2 changes" in changes
    assert full.count('href="/s/') - changes.count('href="/s/') == 1


def test_week_cells_offer_adding_a_lesson_to_the_administration(client: Any, lw: Any) -> None:
    sw = lw.a
    target = reverse("timetable:class_week", args=[sw.school.pk, sw.school_class.pk])
    client.force_login(lw.user("director"))
    page = client.get(target, {"week": str(monday(sw))}).content.decode()
    link = f"?date={monday(sw)}&amp;slot_number=3&amp;school_class={sw.school_class.pk}"
    assert link in page
    form = client.get(
        reverse("timetable:lesson_add", args=[sw.school.pk]) + link.replace("&amp;", "&")
    ).content.decode()
    assert f'value="{monday(sw)}"' in form
    assert f'<option value="{sw.school_class.pk}" selected>' in form
    client.force_login(lw.user("teacher"))
    assert "tt-add" not in client.get(target, {"week": str(monday(sw))}).content.decode()
