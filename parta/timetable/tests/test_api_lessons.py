"""Endpoints of dated lessons, substitutions, the report and days with another bell schedule:
the role matrix over two schools, denied writes change nothing, constant query counts."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ADMINS, EVERYONE, READ_WHOLE_SCHOOL, check_matrix
from parta.people.models import StaffMember
from parta.timetable.calculations import week_start
from parta.timetable.models import BellScheduleDay, Lesson, Substitution

API = "/api/v1"
JSON = "application/json"


@pytest.fixture
def lw(world: Any) -> Any:
    """The world with a default bell schedule and one lesson of 5А in each school."""
    world.bells, world.lessons, world.others = {}, {}, {}
    for sw in (world.a, world.b):
        world.bells[sw.school.pk] = f.BellScheduleFactory.create(
            academic_year=sw.year, name="Основное"
        )
        world.lessons[sw.school.pk] = f.LessonFactory.create(
            school_class=sw.school_class,
            teacher=sw.class_teacher,
            date=monday(sw),
            slot_number=1,
        )
        world.others[sw.school.pk] = StaffMember.objects.get(
            school=sw.school, person__user=sw.users["teacher_no_class"]
        )
    return world


def monday(sw: Any, weeks: int = 2) -> datetime.date:
    result: datetime.date = week_start(sw.year.start_date) + datetime.timedelta(weeks=weeks)
    return result


def lesson_url(lw: Any, suffix: str = "") -> Any:
    return lambda sw: f"{API}/lessons/{lw.lessons[sw.school.pk].pk}/{suffix}"


def state() -> tuple[Any, ...]:
    return (
        list(Lesson.objects.order_by("pk").values_list("pk", "date", "slot_number", "status")),
        list(Substitution.objects.values_list("pk", "teacher_id")),
        list(BellScheduleDay.objects.values_list("pk", "date")),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(
    "url",
    [
        lambda lw: lambda sw: f"{API}/lessons/?school={sw.school.pk}",
        lambda lw: lambda sw: f"{API}/substitutions/?school={sw.school.pk}",
        lambda lw: lambda sw: f"{API}/bell-schedule-days/?school={sw.school.pk}",
    ],
    ids=["lessons", "substitutions", "bell-days"],
)
def test_reads_matrix(client: Any, lw: Any, url: Any) -> None:
    # lists filtered by another school answer 200 with no rows
    check_matrix(client, lw, url(lw), allowed=EVERYONE, other_school_allowed=set(EVERYONE))


def test_lesson_detail_of_another_school_is_404(client: Any, lw: Any) -> None:
    check_matrix(client, lw, lesson_url(lw), allowed=EVERYONE)


def test_report_matrix(client: Any, lw: Any) -> None:
    def url(sw: Any) -> str:
        start, end = sw.year.start_date, sw.year.end_date
        return f"{API}/substitutions/report/?school={sw.school.pk}&start={start}&end={end}"

    check_matrix(client, lw, url, allowed=READ_WHOLE_SCHOOL)


WRITES = [
    ("move/", "post", lambda lw, sw: {"date": str(monday(sw)), "slot_number": 2}),
    ("cancel/", "post", lambda lw, sw: {"reason": "Карантин"}),
    (
        "substitution/",
        "put",
        lambda lw, sw: {"teacher": lw.others[sw.school.pk].pk, "reason": "illness"},
    ),
]


@pytest.mark.parametrize(("suffix", "method", "payload"), WRITES, ids=[w[0] for w in WRITES])
def test_writes_matrix(client: Any, lw: Any, suffix: str, method: str, payload: Any) -> None:
    # denied users change nothing
    before = state()
    check_matrix(
        client,
        lw,
        lesson_url(lw, suffix),
        allowed=set(),
        who=sorted(EVERYONE - ADMINS),
        method=method,
        data=None,
        content_type=JSON,
    )
    for who in sorted(EVERYONE - ADMINS):
        client.force_login(lw.user(who))
        for sw in (lw.a, lw.b):
            response = getattr(client, method)(
                lesson_url(lw, suffix)(sw), json.dumps(payload(lw, sw)), content_type=JSON
            )
            assert response.status_code in (403, 404), (who, response.status_code)
    assert state() == before
    # an administrator of school A writes in A only
    client.force_login(lw.user("deputy_director"))
    response = getattr(client, method)(
        lesson_url(lw, suffix)(lw.b), json.dumps(payload(lw, lw.b)), content_type=JSON
    )
    assert response.status_code == 404
    response = getattr(client, method)(
        lesson_url(lw, suffix)(lw.a), json.dumps(payload(lw, lw.a)), content_type=JSON
    )
    assert response.status_code == 200, response.content
    assert state() != before


def test_move_answers_the_moved_lesson_and_refuses_a_holiday(client: Any, lw: Any) -> None:
    sw = lw.a
    client.force_login(lw.user("director"))
    url = lesson_url(lw, "move/")(sw)
    response = client.post(url, {"date": str(monday(sw)), "slot_number": 3}, content_type=JSON)
    assert response.status_code == 200
    body = response.json()
    assert (body["slot_number"], body["start_time"], body["is_moved"]) == (3, "10:30:00", True)
    holiday = datetime.date(sw.year.start_date.year, 10, 27)
    response = client.post(url, {"date": str(holiday), "slot_number": 3}, content_type=JSON)
    assert response.status_code == 400
    (message,) = response.json()["extra"]["fields"]["non_field_errors"]
    assert "falls on the holiday «Осенние каникулы»" in message


def test_add_cancel_restore_and_substitution_delete(client: Any, lw: Any) -> None:
    sw = lw.a
    client.force_login(lw.user("secretary"))
    payload = {
        "date": str(monday(sw)),
        "slot_number": 1,
        "school_class": sw.school_class.pk,
        "subject": f.federal_subject().pk,
        "teacher": lw.others[sw.school.pk].pk,
    }
    response = client.post(f"{API}/lessons/", payload, content_type=JSON)
    assert response.status_code == 400  # 5А already has lesson 1
    assert "Class 5А already has a lesson" in json.dumps(response.json(), ensure_ascii=False)
    response = client.post(f"{API}/lessons/", {**payload, "slot_number": 2}, content_type=JSON)
    assert response.status_code == 201, response.content
    assert response.json()["origin"] == "added"
    url = lesson_url(lw)(sw)
    assert (
        client.post(f"{url}cancel/", {"reason": "Экскурсия"}, content_type=JSON).json()["status"]
        == "cancelled"
    )
    assert client.post(f"{url}restore/").json()["status"] == "scheduled"
    teacher = lw.others[sw.school.pk].pk
    response = client.put(
        f"{url}substitution/", {"teacher": teacher, "reason": "course"}, content_type=JSON
    )
    assert response.status_code == 200
    assert response.json()["substitution"]["teacher"] == teacher
    # the substitute gives lesson 2 as well; moving this lesson there clashes for them
    response = client.post(
        f"{url}move/", {"date": str(monday(sw)), "slot_number": 2}, content_type=JSON
    )
    assert response.status_code == 400
    assert "The teacher already has a lesson at that time" in json.dumps(
        response.json(), ensure_ascii=False
    )


def test_substitution_put_and_delete(client: Any, lw: Any) -> None:
    sw = lw.a
    client.force_login(lw.user("director"))
    url = lesson_url(lw, "substitution/")(sw)
    teacher = lw.others[sw.school.pk].pk
    response = client.put(url, {"teacher": teacher, "reason": "course"}, content_type=JSON)
    assert response.status_code == 200
    assert response.json()["substitution"] == {"teacher": teacher, "reason": "course", "note": ""}
    response = client.put(
        url, {"teacher": lw.others[lw.b.school.pk].pk, "reason": "course"}, content_type=JSON
    )
    assert response.status_code == 400  # a teacher of another school is not even a choice
    assert client.delete(url).status_code == 204
    assert client.delete(url).status_code == 400
    assert not Substitution.objects.exists()


def test_generate_is_for_administrators(client: Any, lw: Any) -> None:
    for sw in (lw.a, lw.b):
        f.TimetableEntryFactory.create(
            school_class=sw.school_class, weekday=2, slot_number=2, teacher=sw.class_teacher
        )
    before = state()
    for who in sorted(EVERYONE - ADMINS - {"superuser"}):
        client.force_login(lw.user(who))
        response = client.post(
            f"{API}/lessons/generate/", {"academic_year": lw.a.year.pk}, content_type=JSON
        )
        assert response.status_code in (400, 403), (who, response.status_code)
    assert state() == before
    client.force_login(lw.user("director"))
    response = client.post(
        f"{API}/lessons/generate/", {"academic_year": lw.b.year.pk}, content_type=JSON
    )
    assert response.status_code == 400  # another school's year is not a choice
    response = client.post(
        f"{API}/lessons/generate/",
        {"academic_year": lw.a.year.pk, "school_class": [lw.a.school_class.pk]},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["created"] > 30
    assert body["kept"] == []
    assert body["skipped"] == []
    assert Lesson.objects.filter(school=lw.b.school).count() == 1


def test_lesson_list_filters(client: Any, lw: Any) -> None:
    sw = lw.a
    lesson = lw.lessons[sw.school.pk]
    f.SubstitutionFactory.create(lesson=lesson, teacher=lw.others[sw.school.pk])
    client.force_login(lw.user("parent"))
    day = monday(sw)
    for params, expected in [
        ({}, 1),
        ({"school": lw.b.school.pk}, 0),
        ({"date_from": str(day), "date_to": str(day)}, 1),
        ({"date_from": str(day + datetime.timedelta(days=1))}, 0),
        ({"school_class": sw.school_class.pk}, 1),
        ({"teacher": lw.others[sw.school.pk].pk}, 1),
        ({"teacher": sw.class_teacher.pk}, 1),
        ({"status": "cancelled"}, 0),
    ]:
        response = client.get(f"{API}/lessons/", params)
        assert response.json()["count"] == expected, params
    response = client.get(f"{API}/substitutions/", {"date_from": str(day)})
    (row,) = response.json()["results"]
    assert (row["lesson"], row["replaced_teacher"]) == (lesson.pk, sw.class_teacher.pk)


def _many(sw: Any, count: int) -> None:
    other = StaffMember.objects.get(school=sw.school, person__user=sw.users["teacher_no_class"])
    for index in range(count):
        lesson = f.LessonFactory.create(
            school_class=sw.school_class,
            teacher=sw.class_teacher,
            date=monday(sw, 3) + datetime.timedelta(days=index // 7),
            slot_number=index % 7 + 1,
            status="cancelled" if index % 3 == 0 else "scheduled",
        )
        if index % 3 == 1:
            f.SubstitutionFactory.create(lesson=lesson, teacher=other)


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        lambda sw: f"{API}/lessons/?school={sw.school.pk}",
        lambda sw: f"{API}/substitutions/?school={sw.school.pk}",
        lambda sw: (
            f"{API}/substitutions/report/?school={sw.school.pk}"
            f"&start={sw.year.start_date}&end={sw.year.end_date}"
        ),
    ],
    ids=["lessons", "substitutions", "report"],
)
def test_lists_cost_the_same_for_5_and_50_lessons(client: Any, lw: Any, url: Any) -> None:
    client.force_login(lw.user("deputy_director"))
    _many(lw.a, 5)
    few = _queries(client, url(lw.a))
    _many(lw.a, 45)
    assert _queries(client, url(lw.a)) == few


def test_report_counts(client: Any, lw: Any) -> None:
    sw = lw.a
    _many(sw, 6)  # indexes 0 and 3 cancelled, 1 and 4 substituted
    client.force_login(lw.user("hr_officer"))
    start, end = sw.year.start_date, sw.year.end_date
    body = client.get(
        f"{API}/substitutions/report/", {"school": sw.school.pk, "start": start, "end": end}
    ).json()
    assert len(body["lessons"]) == 4
    teachers = {row["name"]: row for row in body["teachers"]}
    mine = teachers[sw.class_teacher.person.full_name]
    assert (mine["replaced"], mine["cancelled"]) == (2, 2)
    other = teachers[lw.others[sw.school.pk].person.full_name]
    assert other["substituting"] == 2
    (subject,) = body["subjects"]
    assert (subject["replaced"], subject["cancelled"]) == (2, 2)
    response = client.get(
        f"{API}/substitutions/report/", {"school": sw.school.pk, "start": end, "end": start}
    )
    assert response.status_code == 400


def test_bell_schedule_days_write(client: Any, lw: Any) -> None:
    short = {
        sw.school.pk: f.BellScheduleFactory.create(
            academic_year=sw.year, name="Сокращённый", is_default=False
        )
        for sw in (lw.a, lw.b)
    }
    before = state()
    for who in sorted(EVERYONE - ADMINS):
        client.force_login(lw.user(who))
        for sw in (lw.a, lw.b):
            response = client.post(
                f"{API}/bell-schedule-days/",
                {"date": str(monday(sw)), "bell_schedule": short[sw.school.pk].pk},
                content_type=JSON,
            )
            assert response.status_code in (400, 403), (who, response.status_code)
    assert state() == before
    client.force_login(lw.user("director"))
    response = client.post(
        f"{API}/bell-schedule-days/",
        {"date": str(monday(lw.a)), "bell_schedule": short[lw.a.school.pk].pk},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    client.force_login(lw.user("teacher"))
    assert client.delete(f"{API}/bell-schedule-days/{pk}/").status_code == 403
    client.force_login(lw.user("director"))
    assert client.delete(f"{API}/bell-schedule-days/{pk}/").status_code == 204
    assert not BellScheduleDay.objects.exists()


def test_substitution_and_bell_day_details_matrix(client: Any, lw: Any) -> None:
    substitutions, days = {}, {}
    for sw in (lw.a, lw.b):
        lesson = lw.lessons[sw.school.pk]
        substitutions[sw.school.pk] = f.SubstitutionFactory.create(
            lesson=lesson, teacher=lw.others[sw.school.pk]
        )
        days[sw.school.pk] = BellScheduleDay.objects.create(
            school=sw.school, date=monday(sw), bell_schedule=lw.bells[sw.school.pk]
        )
    check_matrix(
        client,
        lw,
        lambda sw: f"{API}/substitutions/{substitutions[sw.school.pk].pk}/",
        allowed=EVERYONE,
    )
    check_matrix(
        client,
        lw,
        lambda sw: f"{API}/bell-schedule-days/{days[sw.school.pk].pk}/",
        allowed=EVERYONE,
    )


def test_denied_add_and_restore_change_nothing(client: Any, lw: Any) -> None:
    for sw in (lw.a, lw.b):
        lesson = lw.lessons[sw.school.pk]
        Lesson.objects.filter(pk=lesson.pk).update(status="cancelled", cancel_reason="Карантин")
    before = state()
    for who in sorted(EVERYONE - ADMINS):
        client.force_login(lw.user(who))
        for sw in (lw.a, lw.b):
            payload = {
                "date": str(monday(sw)),
                "slot_number": 3,
                "school_class": sw.school_class.pk,
                "subject": f.federal_subject().pk,
                "teacher": sw.class_teacher.pk,
            }
            response = client.post(f"{API}/lessons/", payload, content_type=JSON)
            assert response.status_code in (400, 403), (who, response.status_code)
            response = client.post(lesson_url(lw, "restore/")(sw))
            assert response.status_code in (403, 404), (who, response.status_code)
    assert state() == before
    client.force_login(lw.user("superuser"))
    assert client.post(lesson_url(lw, "restore/")(lw.b)).status_code == 200
