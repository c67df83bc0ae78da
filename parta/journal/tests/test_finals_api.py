"""Final marks and closed periods through the API: the role matrix over two schools (denied
writes change nothing), stale saves answer 409, closed periods, and the grid's constant cost."""

from __future__ import annotations

import pytest

from parta.core.testing import factories as f
from parta.core.testing.matrix import check_matrix
from parta.journal.models import FinalMark, PeriodClosure
from parta.journal.tests import test_api_rig as r
from parta.journal.tests.test_api_rig import (
    JOURNAL_READERS,
    JOURNAL_WRITERS,
    V1,
    check_writes,
)

pytestmark = pytest.mark.django_db
api, rig = r.api, r.rig  # the shared fixtures

CLOSERS = frozenset({"director", "deputy_director", "superuser"})


def _query(side):
    return f"school_class={side.sw.school_class.pk}&subject={side.subject.pk}"


def _body(side, value="5", **extra):
    return {
        "student": side.sw.student.pk,
        "subject": side.subject.pk,
        "kind": "year",
        "academic_year": side.sw.year.pk,
        "value": value,
        "expected_version": None,
        **extra,
    }


def _period(side, number=1):
    return side.sw.period_set.periods.get(number=number)


def _clear_finals(side):
    FinalMark.objects.all().delete()


def _clear_closures(side):
    PeriodClosure.objects.all().delete()


def test_final_marks_create_matrix(api, rig):
    check_writes(
        api,
        rig,
        lambda client, side: client.post(f"{V1}final-marks/", _body(side), format="json"),
        allowed=JOURNAL_WRITERS,
        reset=_clear_finals,
    )
    assert not FinalMark.objects.exists()


def test_final_marks_list_and_grid_matrix(api, rig):
    for side in (rig.a, rig.b):
        FinalMark.objects.create(
            school=side.sw.school,
            academic_year=side.sw.year,
            student=side.sw.student,
            subject=side.subject,
            kind="year",
            value="4",
        )
    side_of = {rig.world.a.school.pk: rig.a, rig.world.b.school.pk: rig.b}
    check_matrix(
        api,
        rig.world,
        lambda sw: f"{V1}final-marks/?{_query(side_of[sw.school.pk])}",
        allowed=JOURNAL_READERS,
    )
    check_matrix(
        api,
        rig.world,
        lambda sw: f"{V1}final-marks/grid/?{_query(side_of[sw.school.pk])}",
        allowed=JOURNAL_READERS,
    )
    api.force_login(rig.world.user("teacher_no_class"))
    listed = api.get(f"{V1}final-marks/?{_query(rig.a)}").json()
    assert [row["value"] for row in listed["results"]] == ["4"]


def test_final_marks_list_needs_a_class_or_group(api, rig):
    api.force_login(rig.world.user("director"))
    assert api.get(f"{V1}final-marks/?subject={rig.a.subject.pk}").status_code == 400


def test_final_mark_change_and_stale_save(api, rig):
    api.force_login(rig.world.user("teacher_no_class"))
    created = api.post(f"{V1}final-marks/", _body(rig.a), format="json").json()
    assert (created["value"], created["version"]) == ("5", 1)
    # a second first save is stale: 409 with the stored mark
    stale = api.post(f"{V1}final-marks/", _body(rig.a, "3"), format="json")
    assert stale.status_code == 409
    assert stale.json()["extra"]["current"]["value"] == "5"
    url = f"{V1}final-marks/{created['id']}/"
    changed = api.put(url, {"value": "4", "expected_version": 1}, format="json")
    assert (changed.status_code, changed.json()["version"]) == (200, 2)
    assert api.put(url, {"value": "3", "expected_version": 1}, format="json").status_code == 409
    assert FinalMark.objects.get().value == "4"


def test_final_mark_refusals(api, rig):
    api.force_login(rig.world.user("teacher_no_class"))
    bad = api.post(f"{V1}final-marks/", _body(rig.a, "7"), format="json")
    assert bad.status_code == 400
    assert "is not a final mark of the school's scale" in bad.content.decode()
    no_period = api.post(f"{V1}final-marks/", _body(rig.a, kind="period"), format="json")
    assert no_period.status_code == 400
    assert not FinalMark.objects.exists()


def test_a_closed_period_refuses_the_teacher_and_allows_the_deputy(api, rig):
    period = _period(rig.a)
    PeriodClosure.objects.create(school=rig.a.sw.school, study_period=period)
    body = _body(rig.a, kind="period", study_period=period.pk)
    api.force_login(rig.world.user("teacher_no_class"))
    refused = api.post(f"{V1}final-marks/", body, format="json")
    assert refused.status_code == 400
    assert "is closed" in refused.content.decode()
    # and a mark in a lesson of the closed period is refused too
    mark_body = {"assignment": rig.a.assignment.pk, "student": rig.a.sw.other_student.pk}
    response = api.post(f"{V1}marks/", {**mark_body, "value": "5"}, format="json")
    assert response.status_code == 400
    assert not FinalMark.objects.exists()
    api.force_login(rig.world.user("deputy_director"))
    assert api.post(f"{V1}final-marks/", body, format="json").status_code == 200
    assert api.post(f"{V1}marks/", {**mark_body, "value": "5"}, format="json").status_code == 200


@pytest.mark.parametrize("size", [5, 30])
def test_final_marks_grid_costs_the_same_for_5_and_30_students(
    api, rig, size, django_assert_max_num_queries
):
    for _ in range(size - 2):
        student = f.EnrollmentFactory.create(school_class=rig.a.sw.school_class).student
        f.MarkFactory.create(assignment=rig.a.assignment, student=student, value="5")
    api.force_login(rig.world.user("teacher_no_class"))
    with django_assert_max_num_queries(14):
        response = api.get(f"{V1}final-marks/grid/?{_query(rig.a)}")
    assert len(response.json()["students"]) == size


def test_period_closures_matrix(api, rig):
    check_writes(
        api,
        rig,
        lambda client, side: client.post(
            f"{V1}period-closures/", {"study_period": _period(side).pk}, format="json"
        ),
        allowed=CLOSERS,
        ok=(201,),
        reset=_clear_closures,
    )
    assert not PeriodClosure.objects.exists()
    closures = {
        key: PeriodClosure.objects.create(school=side.sw.school, study_period=_period(side))
        for key, side in (("a", rig.a), ("b", rig.b))
    }
    check_writes(
        api,
        rig,
        lambda client, side: client.delete(
            f"{V1}period-closures/{closures['a' if side is rig.a else 'b'].pk}/"
        ),
        allowed=CLOSERS,
        ok=(204,),
        reset=lambda side: closures.update(
            {
                "a" if side is rig.a else "b": PeriodClosure.objects.create(
                    school=side.sw.school, study_period=_period(side)
                )
            }
        ),
    )
    assert PeriodClosure.objects.count() == 2


def test_period_closures_list(api, rig):
    PeriodClosure.objects.create(school=rig.a.sw.school, study_period=_period(rig.a))
    PeriodClosure.objects.create(school=rig.b.sw.school, study_period=_period(rig.b))
    api.force_login(rig.world.user("deputy_director"))
    listed = api.get(f"{V1}period-closures/").json()
    assert [row["study_period"] for row in listed["results"]] == [_period(rig.a).pk]
    api.force_login(rig.world.user("teacher"))
    assert api.get(f"{V1}period-closures/").json()["count"] == 0


def _year_mark(side):
    mark, _ = FinalMark.objects.get_or_create(
        school=side.sw.school,
        student=side.sw.student,
        subject=side.subject,
        kind="year",
        academic_year=side.sw.year,
        defaults={"value": "5"},
    )
    return mark


def test_final_mark_delete_matrix(api, rig):
    # given a year mark on each side (restored after each allowed removal)
    for side in (rig.a, rig.b):
        _year_mark(side)

    def remove(client, side):
        mark = _year_mark(side)
        return client.delete(f"{V1}final-marks/{mark.pk}/?expected_version={mark.version}")

    check_writes(api, rig, remove, allowed=JOURNAL_WRITERS, ok=(204,), reset=_year_mark)


def test_final_mark_delete_stale_answers_409_and_keeps_the_mark(api, rig):
    # given a year mark changed to version 2
    mark = _year_mark(rig.a)
    FinalMark.objects.filter(pk=mark.pk).update(value="4", version=2)
    api.force_login(rig.world.user("teacher_no_class"))
    # when the teacher removes it with version 1
    response = api.delete(f"{V1}final-marks/{mark.pk}/", {"expected_version": 1}, format="json")
    # then 409 with the stored mark, nothing removed
    assert response.status_code == 409
    assert response.json()["extra"]["current"]["value"] == "4"
    assert FinalMark.objects.filter(pk=mark.pk).exists()
    assert api.delete(f"{V1}final-marks/{mark.pk}/").status_code == 400
