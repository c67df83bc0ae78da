"""The marks page of the diary: marks from the journal with their work types, the journal's
averages, final marks, mark-free subjects, the chart, the period switcher, the constant number
of queries, and who may open it."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ALL_WHO, check_matrix
from parta.diary.marks import MarkEntry, chart_points, marks_page
from parta.diary.tests.test_marks_rig import assignment, day_of, mark, noon, work_type
from parta.journal import services as journal_services
from parta.journal.models import FinalMark, MarkFreeSubject
from parta.journal.scales import FIVE_POINT_VALUES

pytestmark = pytest.mark.django_db


def url(sw, student=None, period=None):
    path = reverse("diary:marks", args=[sw.school.pk, (student or sw.student).pk])
    return path if period is None else f"{path}?period={period}"


def q1(sw):
    return sw.period_set.periods.order_by("number")[0]


def test_marks_page_shows_a_journal_mark_with_work_type_weight_and_the_averages(client, world):
    # given: the teacher marks the student through the journal — 5 for an answer (weight 1)
    # and 2 for a test (weight 2)
    sw = world.a
    answer, test = work_type(sw, "Ответ на уроке", "1"), work_type(sw, "Контрольная", "2")
    actor = Actor(user=sw.users["teacher"])
    for offset, kind, value in ((7, answer, "5"), (14, test, "2")):
        work = assignment(sw, day_of(sw, offset), kind)
        with time_machine.travel(noon(sw, work.lesson.date), tick=False):
            journal_services.mark_set(
                actor=actor,
                assignment=work,
                student=sw.student,
                value=value,
                comment="Молодец" if value == "5" else "",
                expected_version=None,
            )
    # when: the student opens the marks page later in the quarter
    client.force_login(sw.users["student"])
    with time_machine.travel(noon(sw, day_of(sw, 20)), tick=False):
        response = client.get(url(sw), HTTP_ACCEPT_LANGUAGE="en")
    # then: both marks with their work types, weights and the comment; the journal's averages
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ответ на уроке" in html
    assert "Контрольная" in html
    assert "weight 2" in html
    assert "weight 1" in html
    assert "Молодец" in html
    page = response.context["page"]
    (subject,) = page.subjects
    assert [m.value for m in subject.marks] == ["5", "2"]
    assert subject.averages.arithmetic == Decimal("3.50")
    assert subject.averages.weighted == Decimal("3.00")
    assert "3.50" in html
    assert "3.00" in html


def test_special_values_do_not_count_and_a_double_mark_counts_twice(world):
    # given: 5/4, н/а and 3, all of weight 1
    sw = world.a
    kind = work_type(sw, "Ответ", "1")
    subject = f.federal_subject()
    for offset, value in ((3, "5/4"), (5, "н/а"), (7, "3")):
        mark(sw, day_of(sw, offset), kind, value, subject=subject)
    # when
    page = marks_page(
        school=sw.school,
        student=sw.student,
        wanted_period=None,
        today=day_of(sw, 20),
        chart_title="%(subject)s",
    )
    # then: (5 + 4 + 3) / 3 = 4.00, three marks count
    (row,) = page.subjects
    assert row.averages.arithmetic == Decimal("4.00")
    assert row.averages.count == 3


def test_period_and_year_marks_are_shown(client, world):
    # given: a period mark for Q1 and a year mark in a subject
    sw = world.a
    subject = f.federal_subject()
    period = q1(sw)
    FinalMark.objects.create(
        school=sw.school,
        academic_year=sw.year,
        student=sw.student,
        subject=subject,
        kind="period",
        study_period=period,
        value="4",
    )
    FinalMark.objects.create(
        school=sw.school,
        academic_year=sw.year,
        student=sw.student,
        subject=subject,
        kind="year",
        value="5",
    )
    client.force_login(sw.users["parent"])
    # when
    with time_machine.travel(noon(sw, day_of(sw, 20)), tick=False):
        response = client.get(url(sw), HTTP_ACCEPT_LANGUAGE="en")
    # then
    (row,) = response.context["page"].subjects
    assert [final.value for final in row.period_marks] == ["4"]
    assert row.year_mark.value == "5"
    html = response.content.decode()
    assert "Year mark" in html
    assert period.name in html


def test_a_mark_free_subject_shows_no_marks_and_no_averages(client, world):
    # given: marks in a subject the class learns without marks
    sw = world.a
    subject = f.federal_subject()
    mark(sw, day_of(sw, 3), work_type(sw, "Ответ", "1"), "5", subject=subject)
    MarkFreeSubject.objects.create(school=sw.school, school_class=sw.school_class, subject=subject)
    client.force_login(sw.users["student"])
    # when
    with time_machine.travel(noon(sw, day_of(sw, 20)), tick=False):
        response = client.get(url(sw), HTTP_ACCEPT_LANGUAGE="en")
    # then
    (row,) = response.context["page"].subjects
    assert row.mark_free
    assert row.marks == []
    assert row.averages.arithmetic is None
    assert row.chart == ""
    html = response.content.decode()
    assert "Without marks" in html
    assert "mk-mark" not in html


def test_the_chart_has_a_point_per_dated_mark_that_counts(client, world):
    # given: four dated marks, one of them a special value
    sw = world.a
    kind = work_type(sw, "Ответ", "1")
    subject = f.federal_subject()
    for offset, value in ((3, "5"), (5, "н/а"), (7, "3"), (9, "4")):
        mark(sw, day_of(sw, offset), kind, value, subject=subject)
    client.force_login(sw.users["student"])
    # when
    with time_machine.travel(noon(sw, day_of(sw, 20)), tick=False):
        response = client.get(url(sw))
    # then: three points (н/а counts in no average), the cumulative weighted average
    (row,) = response.context["page"].subjects
    assert [p.value for p in row.chart_points] == [
        Decimal("5.00"),
        Decimal("4.00"),
        Decimal("4.00"),
    ]
    svg = row.chart
    assert svg.count("<circle") == 3
    assert 'role="img"' in svg
    assert "aria-label=" in svg
    assert "<title>" in svg


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([("5", "1")], ["5.00"]),
        ([("5", "1"), ("2", "2")], ["5.00", "3.00"]),
        ([("5/4", "1"), ("", "1"), ("3", "1")], ["4.50", "4.00"]),
    ],
)
def test_chart_points_are_the_cumulative_weighted_average(values, expected):
    # given: marks in date order
    scale = {str(row["value"]): row["points"] for row in FIVE_POINT_VALUES}
    marks = [
        MarkEntry(i, day_of_fixed(i), value, "", not value, "t", Decimal(weight), "")
        for i, (value, weight) in enumerate(values)
    ]
    # when / then
    assert [str(p.value) for p in chart_points(marks, scale)] == expected


def day_of_fixed(index):
    return datetime.date(2025, 9, 1) + datetime.timedelta(days=index)


def test_the_period_switcher_shows_a_period_or_the_whole_year(client, world):
    # given: a mark in Q1 and one in Q2
    sw = world.a
    kind = work_type(sw, "Ответ", "1")
    subject = f.federal_subject()
    mark(sw, day_of(sw, 10), kind, "5", subject=subject)
    mark(sw, day_of(sw, 70), kind, "3", subject=subject)  # November: Q2
    periods = list(sw.period_set.periods.order_by("number"))
    client.force_login(sw.users["student"])
    with time_machine.travel(noon(sw, day_of(sw, 80)), tick=False):
        # when: no period asked (today is in Q2), Q1, the year
        current = client.get(url(sw)).context["page"]
        first = client.get(url(sw, period=periods[0].pk)).context["page"]
        year = client.get(url(sw, period="year")).context["page"]
        partial = client.get(url(sw, period="year"), HTTP_HX_REQUEST="true")
    # then
    assert current.period == periods[1]
    assert [m.value for m in current.subjects[0].marks] == ["3"]
    assert [m.value for m in first.subjects[0].marks] == ["5"]
    assert year.period is None
    assert [m.value for m in year.subjects[0].marks] == ["5", "3"]
    assert year.subjects[0].averages.arithmetic == Decimal("4.00")
    # the htmx switch answers the body only
    assert partial.templates[0].name == "diary/marks_body.html"


def _count_queries(sw, today):
    with CaptureQueriesContext(connection) as captured:
        marks_page(
            school=sw.school,
            student=sw.student,
            wanted_period="year",
            today=today,
            chart_title="%(subject)s",
        )
    return len(captured.captured_queries)


def test_the_marks_page_makes_the_same_queries_for_5_and_200_marks(
    world, django_assert_max_num_queries
):
    # given: 5 marks
    sw = world.a
    kinds = [work_type(sw, "Ответ", "1"), work_type(sw, "Контрольная", "2", is_homework=False)]
    subjects = [f.federal_subject(), f.federal_subject("Русский язык")]
    for i in range(5):
        mark(sw, day_of(sw, 1 + i), kinds[i % 2], "45"[i % 2], subject=subjects[i % 2])
    today = day_of(sw, 250)
    few = _count_queries(sw, today)
    # when: 195 more marks, duty flags and final marks among them
    for i in range(195):
        mark(
            sw,
            day_of(sw, 1 + i % 240),
            kinds[i % 2],
            "" if i % 17 == 0 else "3",
            subject=subjects[i % 2],
            is_duty=i % 17 == 0,
        )
    many = _count_queries(sw, today)
    # then: the same number of queries (six)
    assert few == many
    with django_assert_max_num_queries(6):
        marks_page(
            school=sw.school,
            student=sw.student,
            wanted_period=None,
            today=today,
            chart_title="%(subject)s",
        )


# --- access ------------------------------------------------------------------------------------
DIARY_READERS = set(ALL_WHO) - {"teacher_no_class"}


def test_marks_page_role_matrix(client, world):
    # the student, their parent, the class teacher and those who read the whole school (not
    # a teacher without the class: `people.rules.student_rows_q`); another school only for the
    # municipal specialist and the superuser
    check_matrix(client, world, url, allowed=DIARY_READERS)


def test_another_childs_marks_are_404_for_a_student_and_a_parent(client, world):
    # given: the world's other student (not the parent's child)
    check_matrix(
        client,
        world,
        lambda sw: url(sw, student=sw.other_student),
        allowed=DIARY_READERS - {"student", "parent"},
    )
    client.force_login(world.a.users["parent"])
    assert client.get(url(world.a, student=world.a.other_student)).status_code == 404
    # and the refusal is in the audit log, as on the week's page
    refused = AuditEvent.objects.filter(object_type="diary.access_denied").order_by("pk").last()
    assert refused is not None
    assert refused.actor == world.a.users["parent"]
    assert refused.object_id == str(world.a.other_student.pk)


def test_a_student_of_another_school_is_404_under_this_school(client, world):
    # given: the director of A asks for B's student under A's address
    client.force_login(world.a.users["director"])
    path = reverse("diary:marks", args=[world.a.school.pk, world.b.student.pk])
    # then
    assert client.get(path).status_code == 404


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.get(url(world.a))
    assert response.status_code == 302


def test_marks_html_has_no_overlong_values(client, world):
    # given: a long comment (the phone layout wraps it)
    sw = world.a
    mark(sw, day_of(sw, 3), work_type(sw, "Ответ", "1"), "5", comment="очень " * 40)
    client.force_login(sw.users["student"])
    with time_machine.travel(noon(sw, day_of(sw, 20)), tick=False):
        html = client.get(url(sw)).content.decode()
    # then: the comment is inside its wrapping span
    assert re.search(r'class="mk-comment">(очень ){5}', html)
