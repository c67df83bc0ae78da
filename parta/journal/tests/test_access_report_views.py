"""The journal access report page, its XLSX export and `GET /api/v1/journal/access-report/`:
the role matrix over two schools, what they show, refusals of a bad filter, the export's
limit, and the link from the journal list."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from parta.core.testing.matrix import check_matrix
from parta.journal.access_report import report_events
from parta.journal.tests import test_access_report as t

pytestmark = pytest.mark.django_db
scene = t.scene  # the shared fixtures

#: who reads the report: the administration that corrects journals and the municipality
READERS = frozenset({"director", "deputy_director", "superuser", "municipal_specialist"})
V1 = "/api/v1/"


@pytest.fixture
def client() -> Client:
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def api() -> APIClient:
    return APIClient(headers={"accept-language": "en"})


def page_url(sw: Any) -> str:
    return reverse("journal:access_report", args=[sw.school.pk])


def export_url(sw: Any) -> str:
    return reverse("journal:access_report_export", args=[sw.school.pk])


def api_url(sw: Any) -> str:
    return f"{V1}journal/access-report/?school={sw.school.pk}"


def _day(scene: t.Scene) -> str:
    day = scene.day.isoformat()
    return f"date_from={day}&date_to={day}"


def test_page_matrix(client, world):
    check_matrix(client, world, page_url, allowed=READERS)


def test_export_matrix(client, world):
    check_matrix(client, world, export_url, allowed=READERS)


def test_api_matrix(api, world):
    check_matrix(api, world, api_url, allowed=READERS)


def test_page_lists_the_actions_with_before_and_after(client, scene):
    # given the director of school A
    client.force_login(scene.sw.users["director"])
    # when they read the day narrowed to 5А's marks
    response = client.get(
        f"{page_url(scene.sw)}?{_day(scene)}&school_class={scene.sw.school_class.pk}&kind=mark"
    )
    # then the two mark events are listed, readable, with links to the grid and the cell
    assert response.status_code == 200
    rows = response.context["report"].rows
    assert [(row.action, row.before, row.after) for row in rows] == [
        ("update", "4", "5"),
        ("create", "—", "4"),
    ]
    html = response.content.decode()
    assert "4 → 5" in html
    assert "10.0.0.1" in html
    assert rows[0].history_url in html
    assert f"access.xlsx?date_from={scene.day.isoformat()}&amp;" in html  # the same filter
    # and another school's actions never appear
    assert "10.9.9.9" not in html


def test_page_refuses_a_bad_filter_with_a_message(client, scene, world):
    client.force_login(scene.sw.users["director"])
    later = (scene.day + datetime.timedelta(days=400)).isoformat()
    response = client.get(f"{page_url(scene.sw)}?date_from={scene.day}&date_to={later}")
    assert response.status_code == 200
    assert response.context["report"] is None
    assert "Choose at most one year of actions at a time." in response.content.decode()
    # a class of another school is not among the choices
    response = client.get(f"{page_url(scene.sw)}?school_class={world.b.school_class.pk}")
    assert response.context["report"] is None
    assert response.context["form"].errors["school_class"]


def test_page_defaults_to_the_last_seven_days_and_pages(client, scene):
    client.force_login(scene.sw.users["deputy_director"])
    response = client.get(f"{page_url(scene.sw)}?page_size=3")
    report = response.context["report"]
    assert report.rules.date_to == scene.day + datetime.timedelta(days=3)
    assert len(report.rows) == 3
    assert report.page.paginator.count > 3
    assert "page_size=3&amp;page=2" in response.content.decode()


def test_municipal_specialist_reads_the_report(client, scene, world):
    client.force_login(world.municipal_specialist)
    response = client.get(f"{page_url(scene.sw)}?{_day(scene)}")
    assert response.status_code == 200
    assert response.context["report"].page.paginator.count > 0


def test_export_holds_the_rows_of_the_filter(client, scene):
    # given the director
    client.force_login(scene.sw.users["director"])
    # when they export the day's actions
    response = client.get(f"{export_url(scene.sw)}?{_day(scene)}")
    # then the workbook opens and holds a header and one row per action
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Date and time", "User", "Class or group")
    count = report_events(scene.sw.school, scene.rules()).count()
    assert len(rows) == count + 1
    marks = [row for row in rows[1:] if row[7] == "mark"]
    assert [(row[10], row[11]) for row in marks] == [("4", "5"), ("—", "4")]
    assert all(row[2] == "5А" and row[3] == "Математика" for row in marks)
    assert marks[0][4] == datetime.datetime.combine(scene.day, datetime.time())
    assert marks[0][12] == "10.0.0.1"


def test_export_refuses_more_than_the_limit(client, scene, monkeypatch):
    # given a limit smaller than the day's actions
    monkeypatch.setattr("parta.journal.views.access_report.MAX_EXPORT_ROWS", 3)
    client.force_login(scene.sw.users["director"])
    # when the day is exported, then the page comes back with a message, no file
    response = client.get(f"{export_url(scene.sw)}?{_day(scene)}", follow=True)
    assert response.redirect_chain[0][0].startswith(page_url(scene.sw))
    assert "at most 3 can be exported at once" in response.content.decode()


def test_journal_list_links_to_the_report_for_its_readers_only(client, world):
    url = reverse("journal:index", args=[world.a.school.pk])
    target = page_url(world.a)
    for who, shown in (
        ("director", True),
        ("deputy_director", True),
        ("teacher", False),
        ("secretary", False),
    ):
        client.force_login(world.user(who))
        assert (target in client.get(url).content.decode()) is shown, who
    client.force_login(world.municipal_specialist)
    assert target in client.get(url).content.decode()


def test_api_lists_the_rows_paginated(api, scene):
    # given the deputy director
    api.force_login(scene.sw.users["deputy_director"])
    # when they ask for 5А's mathematics of the day, two per page
    url = (
        f"{api_url(scene.sw)}&{_day(scene)}&school_class={scene.sw.school_class.pk}"
        f"&subject={scene.math.pk}&kind=mark&page_size=1"
    )
    body = api.get(url).json()
    # then the newest mark change comes first, with its lesson, student and readable change
    assert body["count"] == 2
    assert body["next"]
    row = body["results"][0]
    assert row["action"] == "update"
    assert (row["before"], row["after"]) == ("4", "5")
    assert row["before_data"]["value"] == "4"
    assert row["lesson"] == scene.lesson.pk
    assert row["lesson_date"] == scene.day.isoformat()
    assert row["student"] == scene.sw.student.pk
    assert row["school_class_name"] == "5А"
    assert row["period_name"] == "1 четверть"
    assert row["ip_address"] == "10.0.0.1"
    assert row["history_url"].endswith("/history/")


def test_api_refuses_a_bad_filter(api, scene, world):
    api.force_login(scene.sw.users["director"])
    earlier = (scene.day - datetime.timedelta(days=1)).isoformat()
    response = api.get(f"{api_url(scene.sw)}&date_from={scene.day}&date_to={earlier}")
    assert response.status_code == 400
    assert "The end date is earlier than the start date." in str(response.json())
    response = api.get(f"{api_url(scene.sw)}&school_class={world.b.school_class.pk}")
    assert response.status_code == 400
    assert f"The school has no class with the number {world.b.school_class.pk}." in str(
        response.json()
    )
    response = api.get(f"{V1}journal/access-report/")
    assert response.status_code == 400


def test_api_costs_the_same_for_a_small_and_a_large_page(api, scene, django_assert_max_num_queries):
    api.force_login(scene.sw.users["director"])
    with time_machine.travel(t.moment(scene.day, 12), tick=False):
        t._more_events(scene, 12)
    url = f"{api_url(scene.sw)}&{_day(scene)}"
    api.get(url)  # warm the session
    with django_assert_max_num_queries(16):
        body = api.get(f"{url}&page_size=5").json()
    assert len(body["results"]) == 5
    with django_assert_max_num_queries(16):
        body = api.get(f"{url}&page_size=200").json()
    assert len(body["results"]) == 60
