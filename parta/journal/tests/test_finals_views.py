"""The final marks page and the closing of study periods page: the role matrix over two
schools, saves through the service, denied writes change nothing, constant cost."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ADMINS, ALL_WHO, READ_WHOLE_SCHOOL, check_matrix
from parta.journal.models import FinalMark, PeriodClosure
from parta.timetable.models import Lesson

READERS = READ_WHOLE_SCHOOL | {"teacher"}
#: who sets final marks of 5А: the administration and the subject's teacher
WRITERS = frozenset({"director", "deputy_director", "superuser", "teacher"})
CLOSERS = frozenset({"director", "deputy_director", "superuser"})


@pytest.fixture
def client() -> Client:
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def lessons(world: Any) -> Iterator[dict[str, Lesson]]:
    start = world.a.year.start_date + datetime.timedelta(days=10)
    day = start + datetime.timedelta(days=(7 - start.weekday()) % 7)
    with time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 6, 0, tzinfo=datetime.UTC), tick=False
    ):
        yield {
            key: f.LessonFactory.create(
                school_class=sw.school_class,
                teacher=sw.class_teacher,
                date=day,
                subject=f.federal_subject(),
            )
            for key, sw in (("a", world.a), ("b", world.b))
        }


def finals_url(sw: Any) -> str:
    return reverse(
        "journal:finals",
        args=[sw.school.pk, "class", sw.school_class.pk, f.federal_subject().pk],
    )


def periods_url(sw: Any) -> str:
    return reverse("journal:periods", args=[sw.school.pk])


def first_period(sw: Any) -> Any:
    return sw.period_set.periods.get(number=1)


def test_finals_page_matrix(client, world, lessons):
    check_matrix(client, world, finals_url, allowed=READERS)


def test_finals_page_shows_the_suggestion_and_forms_for_the_teacher(client, world, lessons):
    # given a mark of 4 in the first quarter's lesson
    assignment = f.AssignmentFactory.create(lesson=lessons["a"])
    f.MarkFactory.create(assignment=assignment, student=world.a.student, value="4")
    # when the teacher opens the page
    client.force_login(world.user("teacher"))
    response = client.get(finals_url(world.a))
    # then the forms are there with the suggestion flagged (too few marks)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="value"' in body
    assert "4!" in body


def test_finals_page_is_read_only_for_the_secretary(client, world, lessons):
    client.force_login(world.user("secretary"))
    body = client.get(finals_url(world.a)).content.decode()
    assert 'name="value"' not in body


def test_finals_save_matrix_and_denied_saves_change_nothing(client, world, lessons):
    data = {"student": world.a.student.pk, "column": "year", "value": "5", "version": ""}
    denied = [who for who in ALL_WHO if who not in WRITERS]
    events = AuditEvent.objects.count()
    # the form names school A's student: in school B it is 404 for everybody
    check_matrix(
        client,
        world,
        finals_url,
        allowed=(),
        who=denied,
        method="post",
        data=data,
        other_school_allowed=(),
    )
    assert not FinalMark.objects.exists()
    assert AuditEvent.objects.count() == events
    for who in sorted(WRITERS):
        FinalMark.objects.all().delete()
        client.force_login(world.user(who))
        response = client.post(finals_url(world.a), data)
        assert response.status_code == 302, who
        assert FinalMark.objects.get().value == "5"


def test_finals_save_of_another_schools_student_is_404(client, world, lessons):
    client.force_login(world.user("director"))
    data = {"student": world.b.student.pk, "column": "year", "value": "5"}
    assert client.post(finals_url(world.a), data).status_code == 404
    assert not FinalMark.objects.exists()


def test_finals_save_of_a_period_and_a_stale_save(client, world, lessons):
    client.force_login(world.user("teacher"))
    period = first_period(world.a)
    data = {"student": world.a.student.pk, "column": str(period.pk), "value": "4"}
    client.post(finals_url(world.a), {**data, "version": ""})
    mark = FinalMark.objects.get()
    assert (mark.kind, mark.study_period_id, mark.value) == ("period", period.pk, "4")
    # a second save from the same old page is stale: nothing changes, an error is shown
    response = client.post(finals_url(world.a), {**data, "value": "3"}, follow=True)
    assert "has just been changed by someone else" in response.content.decode()
    mark.refresh_from_db()
    assert (mark.value, mark.version) == ("4", 1)


def test_finals_save_in_a_closed_period_is_refused_for_the_teacher(client, world, lessons):
    period = first_period(world.a)
    PeriodClosure.objects.create(school=world.a.school, study_period=period)
    client.force_login(world.user("teacher"))
    data = {"student": world.a.student.pk, "column": str(period.pk), "value": "4"}
    response = client.post(finals_url(world.a), data, follow=True)
    assert "is closed" in response.content.decode()
    assert not FinalMark.objects.exists()
    client.force_login(world.user("deputy_director"))
    client.post(finals_url(world.a), data)
    assert FinalMark.objects.get().value == "4"


@pytest.mark.parametrize("size", [5, 30])
def test_finals_page_costs_the_same_for_5_and_30_students(
    client, world, lessons, size, django_assert_max_num_queries
):
    for _ in range(size - 2):
        student = f.EnrollmentFactory.create(school_class=world.a.school_class).student
        assignment = f.AssignmentFactory.create(lesson=lessons["a"])
        f.MarkFactory.create(assignment=assignment, student=student, value="5")
    client.force_login(world.user("teacher"))
    with django_assert_max_num_queries(17):
        response = client.get(finals_url(world.a))
    assert response.content.decode().count('name="student"') == size * 7


def test_periods_page_matrix(client, world):
    check_matrix(client, world, periods_url, allowed=ADMINS)


def test_periods_close_matrix_and_denied_closes_change_nothing(client, world):
    data = {"period": first_period(world.a).pk, "action": "close"}
    denied = [who for who in ALL_WHO if who not in CLOSERS]
    check_matrix(
        client,
        world,
        periods_url,
        allowed=(),
        who=denied,
        method="post",
        data=data,
        other_school_allowed=(),
    )
    assert not PeriodClosure.objects.exists()
    for who in sorted(CLOSERS):
        PeriodClosure.objects.all().delete()
        client.force_login(world.user(who))
        assert client.post(periods_url(world.a), data).status_code == 302, who
        assert PeriodClosure.objects.get().study_period_id == data["period"]


def test_periods_reopen_by_the_deputy(client, world):
    period = first_period(world.a)
    PeriodClosure.objects.create(school=world.a.school, study_period=period)
    client.force_login(world.user("deputy_director"))
    response = client.get(periods_url(world.a))
    assert "Reopen" in response.content.decode()
    client.post(periods_url(world.a), {"period": period.pk, "action": "reopen"})
    assert not PeriodClosure.objects.exists()


def test_periods_of_another_school_are_404(client, world):
    client.force_login(world.user("director"))
    data = {"period": first_period(world.b).pk, "action": "close"}
    assert client.post(periods_url(world.a), data).status_code == 404
    assert not PeriodClosure.objects.exists()


# --- the keyboard grid (htmx) -------------------------------------------------------------------


def htmx_post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, headers={"hx-request": "true"})


def test_finals_page_draws_keyboard_cells_with_the_suggestion(client, world, lessons):
    # given a mark of 4 in the first quarter
    assignment = f.AssignmentFactory.create(lesson=lessons["a"])
    f.MarkFactory.create(assignment=assignment, student=world.a.student, value="4")
    period = first_period(world.a)
    # when the teacher opens the page
    client.force_login(world.user("teacher"))
    body = client.get(finals_url(world.a)).content.decode()
    # then the cell carries what the keyboard grid needs: the suggestion, flagged too few
    cell = body[body.index(f'id="f-{world.a.student.pk}-{period.pk}"') :]
    cell = cell[: cell.index("</td>")]
    assert 'data-suggestion="4"' in cell
    assert "f-few" in cell
    assert 'data-editable="1"' in cell
    assert 'data-mode="finals"' in body
    assert "journal/journal.js" in body


def test_finals_htmx_save_answers_with_the_students_cells(client, world, lessons):
    # given the teacher and an empty first period cell
    client.force_login(world.user("teacher"))
    period = first_period(world.a)
    data = {"student": world.a.student.pk, "column": str(period.pk), "value": "5", "version": ""}
    # when the keyboard grid saves it
    response = htmx_post(client, finals_url(world.a), data)
    # then the mark is stored and the answer swaps the saved cell and the year's suggestion
    assert response.status_code == 200
    body = response.content.decode()
    mark = FinalMark.objects.get()
    assert (mark.value, mark.version) == ("5", 1)
    saved = body[body.index(f'id="f-{world.a.student.pk}-{period.pk}"') :]
    assert "j-saved" in saved[: saved.index(">")]
    assert 'data-version="1"' in saved[: saved.index(">")]
    year = body[body.index(f'id="f-{world.a.student.pk}-year"') :]
    assert 'data-suggestion="5"' in year[: year.index(">")]
    assert 'hx-swap-oob="true"' in year[: year.index(">")]
    assert 'name="value"' not in body
    assert "Saved." in body


def test_finals_htmx_stale_save_shows_the_refusal_with_the_stored_value(client, world, lessons):
    # given a period mark of 4 another user saved (version 1)
    client.force_login(world.user("teacher"))
    period = first_period(world.a)
    data = {"student": world.a.student.pk, "column": str(period.pk), "value": "4", "version": ""}
    htmx_post(client, finals_url(world.a), data)
    # when a page that had seen no mark saves 3
    response = htmx_post(client, finals_url(world.a), {**data, "value": "3"})
    # then nothing changes and the cell shows the stored 4, marked stale, with the refusal
    body = response.content.decode()
    cell = body[body.index(f'id="f-{world.a.student.pk}-{period.pk}"') :]
    cell = cell[: cell.index("</td>")]
    assert "j-stale" in cell
    assert ">4</span>" in cell
    assert "has just been changed by someone else" in body
    mark = FinalMark.objects.get()
    assert (mark.value, mark.version) == ("4", 1)


def test_finals_htmx_refused_value_is_failed(client, world, lessons):
    client.force_login(world.user("teacher"))
    data = {"student": world.a.student.pk, "column": "year", "value": "5/4", "version": ""}
    response = htmx_post(client, finals_url(world.a), data)
    body = response.content.decode()
    cell = body[body.index(f'id="f-{world.a.student.pk}-year"') :]
    assert "j-failed" in cell[: cell.index(">")]
    assert "is not a final mark of the school" in body
    assert not FinalMark.objects.exists()


def test_finals_htmx_save_denied_is_403_and_changes_nothing(client, world, lessons):
    client.force_login(world.user("secretary"))
    data = {"student": world.a.student.pk, "column": "year", "value": "5", "version": ""}
    assert htmx_post(client, finals_url(world.a), data).status_code == 403
    assert not FinalMark.objects.exists()


def test_finals_closed_period_cells_are_read_only_for_the_teacher(client, world, lessons):
    # given a closed first period
    period = first_period(world.a)
    PeriodClosure.objects.create(school=world.a.school, study_period=period)
    cell_id = f'id="f-{world.a.student.pk}-{period.pk}"'

    def opening(who: str) -> str:
        client.force_login(world.user(who))
        body = client.get(finals_url(world.a)).content.decode()
        cell = body[body.index(cell_id) :]
        return cell[: cell.index(">")]

    # then the teacher's cell of that period is read-only, the deputy's is not
    assert "j-ro" in opening("teacher")
    assert "data-editable" not in opening("teacher")
    assert 'data-editable="1"' in opening("deputy_director")


def test_finals_htmx_delete_removes_the_mark_and_a_stale_delete_keeps_it(client, world, lessons):
    # given the teacher's period mark of 4 (version 1)
    client.force_login(world.user("teacher"))
    period = first_period(world.a)
    data = {"student": world.a.student.pk, "column": str(period.pk), "value": "4", "version": ""}
    htmx_post(client, finals_url(world.a), data)
    mark = FinalMark.objects.get()
    # when Delete is sent with an old version: refused, the mark stays
    clear = {**data, "action": "clear", "version": "7"}
    stale = htmx_post(client, finals_url(world.a), clear).content.decode()
    assert "j-stale" in stale
    assert FinalMark.objects.filter(pk=mark.pk).exists()
    # when Delete is sent with the version the cell shows: removed, the cell empty
    removed = htmx_post(client, finals_url(world.a), {**clear, "version": "1"})
    assert removed.status_code == 200
    assert "Removed." in removed.content.decode()
    assert not FinalMark.objects.exists()
    assert AuditEvent.objects.filter(
        object_type="journal.finalmark", action=AuditEvent.Action.DELETE
    ).exists()
