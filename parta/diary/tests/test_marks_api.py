"""The marks and the overdue work of a student through the API."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine
from rest_framework.test import APIClient

from parta.core.testing import factories as f
from parta.core.testing.matrix import ALL_WHO, check_matrix
from parta.diary.tests.test_marks_rig import day_of, mark, noon, work_type
from parta.journal.models import FinalMark

pytestmark = pytest.mark.django_db

READERS = set(ALL_WHO) - {"teacher_no_class"}


@pytest.fixture
def api():
    return APIClient()


def marks_url(sw, student=None):
    return f"/api/v1/students/{(student or sw.student).pk}/marks/"


def overdue_url(sw, student=None):
    return f"/api/v1/students/{(student or sw.student).pk}/overdue/"


def test_marks_api_has_marks_averages_final_marks_and_chart_points(api, world):
    # given: 5 (weight 1) and 2 (weight 2), a period mark
    sw = world.a
    subject = f.federal_subject()
    mark(sw, day_of(sw, 3), work_type(sw, "Ответ", "1"), "5", subject=subject)
    mark(sw, day_of(sw, 5), work_type(sw, "Контрольная", "2"), "2", subject=subject)
    period = sw.period_set.periods.order_by("number").first()
    FinalMark.objects.create(
        school=sw.school,
        academic_year=sw.year,
        student=sw.student,
        subject=subject,
        kind="period",
        study_period=period,
        value="3",
    )
    api.force_login(sw.users["student"])
    # when
    with time_machine.travel(noon(sw, day_of(sw, 10)), tick=False):
        data = api.get(marks_url(sw), {"period": period.pk}).json()
    # then
    assert data["period"] == period.pk
    (row,) = data["subjects"]
    assert [(m["value"], m["work_type"], Decimal(m["weight"])) for m in row["marks"]] == [
        ("5", "Ответ", Decimal(1)),
        ("2", "Контрольная", Decimal(2)),
    ]
    assert row["averages"] == {"arithmetic": "3.50", "weighted": "3.00", "count": 2}
    assert [p["weighted_average"] for p in row["chart"]] == ["5.00", "3.00"]
    assert [final["value"] for final in row["period_marks"]] == ["3"]
    assert row["year_mark"] is None


def test_overdue_api_lists_duty_flags(api, world):
    # given
    sw = world.a
    mark(sw, day_of(sw, 3), work_type(sw, "Контрольная", "2"), "", is_duty=True)
    api.force_login(sw.users["parent"])
    # when
    with time_machine.travel(noon(sw, day_of(sw, 10)), tick=False):
        data = api.get(overdue_url(sw)).json()
    # then
    assert [(item["kind"], item["work_type"]) for item in data] == [("duty", "Контрольная")]


def test_marks_api_role_matrix(api, world):
    check_matrix(api, world, marks_url, allowed=READERS)
    check_matrix(api, world, overdue_url, allowed=READERS)


def test_marks_api_another_child_is_404(api, world):
    check_matrix(
        api,
        world,
        lambda sw: marks_url(sw, sw.other_student),
        allowed=READERS - {"student", "parent"},
    )
    api.force_login(world.a.users["parent"])
    assert api.get(overdue_url(world.a, world.a.other_student)).status_code == 404


def test_marks_api_needs_a_login(api, world):
    assert api.get(marks_url(world.a)).status_code in (401, 403)
