"""Enrollment history through the services and the pages: rows are never overwritten, a
student is never in two classes at once, a move closes one row and opens the next."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ADMINS, EVERYONE, check_matrix
from parta.people.models import Enrollment
from parta.people.services.enrollment import enrollment_close, enrollment_move, enrollment_open


def _day(sw, offset):
    return sw.year.start_date + datetime.timedelta(days=offset)


@pytest.fixture
def actor(world):
    return Actor(user=world.user("director"))


@pytest.fixture
def class_b(world):
    return f.SchoolClassFactory.create(period_set=world.a.period_set, grade=5, letter="Б")


def test_second_open_row_in_the_same_class_is_refused(world, actor):
    with pytest.raises(ValidationError, match="5А"):
        enrollment_open(
            actor=actor,
            student=world.a.student,
            school_class=world.a.school_class,
            start_date=_day(world.a, 10),
        )
    assert world.a.student.enrollments.count() == 1


def test_row_in_a_different_class_on_the_same_dates_is_refused(world, actor, class_b):
    with pytest.raises(ValidationError, match=r"two classes at once|двух классах"):
        enrollment_open(
            actor=actor, student=world.a.student, school_class=class_b, start_date=_day(world.a, 40)
        )
    assert world.a.student.enrollments.count() == 1


@pytest.mark.parametrize(
    ("existing", "new", "ok"),
    [
        pytest.param((0, 30), (15, None), False, id="open_new_row_meets_closed_row"),
        pytest.param((0, 30), (31, None), True, id="open_new_row_after_closed_row"),
        pytest.param((60, None), (0, 59), True, id="closed_new_row_before_open_row"),
        pytest.param((60, None), (0, 60), False, id="closed_new_row_touches_open_row"),
        pytest.param((60, None), (100, 120), False, id="closed_new_row_inside_open_row"),
    ],
)
def test_overlaps_with_open_ended_rows(world, actor, class_b, existing, new, ok):
    sw = world.a
    student = f.StudentFactory.create(school=sw.school)
    start, end = existing
    Enrollment.objects.create(
        school=sw.school,
        student=student,
        school_class=sw.school_class,
        start_date=_day(sw, start),
        end_date=_day(sw, end) if end is not None else None,
    )
    new_start, new_end = new
    call = {
        "actor": actor,
        "student": student,
        "school_class": class_b,
        "start_date": _day(sw, new_start),
        "end_date": _day(sw, new_end) if new_end is not None else None,
    }
    if ok:
        enrollment_open(**call)
        assert student.enrollments.count() == 2
    else:
        with pytest.raises(ValidationError):
            enrollment_open(**call)
        assert student.enrollments.count() == 1


def test_move_closes_the_old_row_the_day_before_and_opens_a_new_one(world, actor, class_b):
    sw = world.a
    on = _day(sw, 45)
    new = enrollment_move(
        actor=actor, student=sw.student, to_class=class_b, on_date=on, reason="по заявлению"
    )
    rows = list(sw.student.enrollments.order_by("start_date"))
    assert len(rows) == 2
    old = rows[0]
    assert (old.school_class, old.start_date, old.end_date) == (
        sw.school_class,
        sw.year.start_date,
        on - datetime.timedelta(days=1),
    )
    assert (new.school_class, new.start_date, new.end_date, new.reason) == (
        class_b,
        on,
        None,
        "по заявлению",
    )
    actions = list(
        AuditEvent.objects.filter(object_type="people.enrollment")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["update", "create"]


def test_move_on_the_start_date_is_refused_and_changes_nothing(world, actor, class_b):
    sw = world.a
    with pytest.raises(ValidationError):
        enrollment_move(
            actor=actor, student=sw.student, to_class=class_b, on_date=sw.year.start_date
        )
    row = sw.student.enrollments.get()
    assert row.end_date is None
    assert not AuditEvent.objects.filter(object_type="people.enrollment").exists()


def test_move_to_the_same_class_is_refused(world, actor):
    with pytest.raises(ValidationError, match="5А"):
        enrollment_move(
            actor=actor,
            student=world.a.student,
            to_class=world.a.school_class,
            on_date=_day(world.a, 20),
        )


def test_move_that_would_overlap_a_later_row_changes_nothing(world, actor, class_b):
    """The close and the open are one transaction: if the new row cannot open, the old one
    stays open."""
    sw = world.a
    third = f.SchoolClassFactory.create(period_set=sw.period_set, grade=5, letter="В")
    current = sw.student.enrollments.get()
    current.end_date = _day(sw, 50)
    current.save()
    Enrollment.objects.create(
        school=sw.school, student=sw.student, school_class=third, start_date=_day(sw, 60)
    )
    with pytest.raises(ValidationError):
        enrollment_move(actor=actor, student=sw.student, to_class=class_b, on_date=_day(sw, 30))
    current.refresh_from_db()
    assert current.end_date == _day(sw, 50)
    assert sw.student.enrollments.count() == 2


def test_close_before_the_start_is_refused(world, actor):
    row = world.a.student.enrollments.get()
    with pytest.raises(ValidationError):
        enrollment_close(
            actor=actor, enrollment=row, end_date=row.start_date - datetime.timedelta(days=1)
        )
    row.refresh_from_db()
    assert row.end_date is None


# --- the pages ------------------------------------------------------------------------------------


def test_move_page_matrix_and_denied_posts_change_nothing(client, world):
    check_matrix(
        client,
        world,
        lambda sw: reverse("people:student_move", args=[sw.school.pk, sw.student.pk]),
        allowed=ADMINS,
    )
    target = f.SchoolClassFactory.create(period_set=world.a.period_set, grade=5, letter="Б")
    check_matrix(
        client,
        world,
        lambda sw: reverse("people:student_move", args=[sw.school.pk, sw.student.pk]),
        allowed=set(),
        who=EVERYONE - ADMINS,
        method="post",
        data={"school_class": target.pk, "start_date": _day(world.a, 30).isoformat()},
    )
    assert world.a.student.enrollments.count() == 1


def test_close_page_matrix_and_denied_posts_change_nothing(client, world):
    def url_for(sw):
        row = sw.student.enrollments.get()
        return reverse("people:enrollment_close", args=[sw.school.pk, sw.student.pk, row.pk])

    check_matrix(client, world, url_for, allowed=ADMINS)
    check_matrix(
        client,
        world,
        url_for,
        allowed=set(),
        who=EVERYONE - ADMINS,
        method="post",
        data={"end_date": _day(world.a, 30).isoformat(), "reason": "x"},
    )
    assert world.a.student.enrollments.get().end_date is None


def test_admin_moves_a_student_and_the_card_shows_the_history(client, world, class_b):
    sw = world.a
    client.force_login(world.user("deputy_director"))
    url = reverse("people:student_move", args=[sw.school.pk, sw.student.pk])
    on = _day(sw, 45)
    response = client.post(
        url, {"school_class": class_b.pk, "start_date": on.isoformat(), "reason": "заявление"}
    )
    assert response.status_code == 302
    card = client.get(reverse("people:student_detail", args=[sw.school.pk, sw.student.pk]))
    history = card.context["enrollments"]
    assert [(e.school_class.name, e.end_date) for e in history] == [
        ("5А", on - datetime.timedelta(days=1)),
        ("5Б", None),
    ]


def test_move_on_the_start_date_through_the_page_shows_the_message(client, world, class_b):
    sw = world.a
    client.force_login(world.user("director"))
    url = reverse("people:student_move", args=[sw.school.pk, sw.student.pk])
    response = client.post(
        url, {"school_class": class_b.pk, "start_date": sw.year.start_date.isoformat()}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["start_date"]
    assert sw.student.enrollments.count() == 1


def test_admin_ends_an_enrollment_with_a_reason(client, world):
    sw = world.a
    row = sw.student.enrollments.get()
    client.force_login(world.user("director"))
    url = reverse("people:enrollment_close", args=[sw.school.pk, sw.student.pk, row.pk])
    end = _day(sw, 70)
    response = client.post(url, {"end_date": end.isoformat(), "reason": "выбыл в школу № 5"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.end_date, row.reason) == (end, "выбыл в школу № 5")


def test_closing_another_students_row_is_404(client, world):
    row = world.a.other_student.enrollments.get()
    client.force_login(world.user("director"))
    url = reverse("people:enrollment_close", args=[world.a.school.pk, world.a.student.pk, row.pk])
    assert client.post(url, {"end_date": _day(world.a, 5).isoformat()}).status_code == 404
    row.refresh_from_db()
    assert row.end_date is None
