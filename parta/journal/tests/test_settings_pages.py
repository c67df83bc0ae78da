"""The journal settings pages: work types, the settings form, classes without marks."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ADMINS, EVERYONE, READ_WHOLE_SCHOOL, check_matrix
from parta.journal.models import JournalSettings, MarkFreeSubject, WorkType


@pytest.fixture
def client() -> Client:
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def sw(world: Any) -> Any:
    for school_world in (world.a, world.b):
        f.WorkTypeFactory.create(school=school_world.school, name="Контрольная работа")
        MarkFreeSubject.objects.create(
            school=school_world.school, school_class=school_world.school_class
        )
    return world


def _url(name: str, sw: Any, *extra: Any) -> str:
    return reverse(f"journal_settings:{name}", args=[sw.school.pk, *extra])


def _work_type(sw: Any) -> WorkType:
    return WorkType.objects.get(school=sw.school)


def _free(sw: Any) -> MarkFreeSubject:
    return MarkFreeSubject.objects.get(school=sw.school)


@pytest.mark.parametrize("name", ["work_type_list", "mark_free_list"])
def test_lists_matrix(client: Client, sw: Any, name: str) -> None:
    check_matrix(client, sw, lambda s: _url(name, s), allowed=READ_WHOLE_SCHOOL)


def test_forms_matrix(client: Client, sw: Any) -> None:
    for url_for in (
        lambda s: _url("settings", s),
        lambda s: _url("work_type_create", s),
        lambda s: _url("work_type_edit", s, _work_type(s).pk),
        lambda s: _url("mark_free_create", s),
        lambda s: _url("mark_free_edit", s, _free(s).pk),
        lambda s: _url("mark_free_delete", s, _free(s).pk),
    ):
        check_matrix(client, sw, url_for, allowed=ADMINS)


def _state() -> tuple[Any, ...]:
    return (
        list(WorkType.objects.order_by("pk").values_list("name", "weight")),
        list(JournalSettings.objects.values_list("school_id", "edit_window_days")),
        MarkFreeSubject.objects.count(),
        AuditEvent.objects.count(),
    )


def test_denied_writes_change_nothing(client: Client, sw: Any) -> None:
    # given everyone but the administration
    denied = EVERYONE - ADMINS
    before = _state()
    # when they post to every form
    posts: tuple[tuple[Callable[[Any], str], dict[str, str]], ...] = (
        (
            lambda s: _url("work_type_create", s),
            {"name": "Тест", "abbreviation": "Т", "weight": "2", "position": "1"},
        ),
        (
            lambda s: _url("work_type_edit", s, _work_type(s).pk),
            {"name": "X", "abbreviation": "X", "weight": "9", "position": "1"},
        ),
        (
            lambda s: _url("settings", s),
            {
                "averaging": "arithmetic",
                "rounding_threshold": "0.6",
                "min_marks": "2",
                "edit_window_days": "1",
            },
        ),
        (lambda s: _url("mark_free_delete", s, _free(s).pk), {}),
    )
    for url_for, data in posts:
        check_matrix(client, sw, url_for, allowed=set(), who=denied, method="post", data=data)
    # then nothing changed
    assert _state() == before


def test_director_creates_and_edits_a_work_type(client: Client, sw: Any) -> None:
    client.force_login(sw.user("director"))
    response = client.post(
        _url("work_type_create", sw.a),
        {"name": "Диктант", "abbreviation": "Д", "weight": "2.5", "position": "3"},
    )
    assert response.status_code == 302
    created = WorkType.objects.get(school=sw.a.school, name="Диктант")
    assert created.weight == Decimal("2.5")
    assert created.is_active is False  # an unticked box
    response = client.post(
        _url("work_type_edit", sw.a, created.pk),
        {
            "name": "Диктант",
            "abbreviation": "Дикт",
            "weight": "3",
            "position": "3",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    created.refresh_from_db()
    assert (created.abbreviation, created.weight, created.is_active) == ("Дикт", Decimal("3"), True)
    assert AuditEvent.objects.filter(object_type="journal.worktype").count() == 2


@pytest.mark.parametrize("weight", ["0", "-1", "11", "abc"])
def test_a_bad_weight_is_refused(client: Client, sw: Any, weight: str) -> None:
    client.force_login(sw.user("director"))
    response = client.post(
        _url("work_type_create", sw.a),
        {"name": "Тест", "abbreviation": "Т", "weight": weight, "position": "1"},
    )
    assert response.status_code == 200
    assert not WorkType.objects.filter(name="Тест").exists()


def test_a_duplicate_name_is_refused(client: Client, sw: Any) -> None:
    client.force_login(sw.user("director"))
    response = client.post(
        _url("work_type_create", sw.a),
        {"name": "Контрольная работа", "abbreviation": "К", "weight": "3", "position": "1"},
    )
    assert response.status_code == 200
    assert WorkType.objects.filter(school=sw.a.school).count() == 1


def test_settings_form_creates_then_updates_the_row(client: Client, sw: Any) -> None:
    client.force_login(sw.user("deputy_director"))
    data = {
        "averaging": "arithmetic",
        "rounding_threshold": "0.60",
        "min_marks": "2",
        "edit_window_days": "3",
    }
    assert client.post(_url("settings", sw.a), data).status_code == 302
    row = JournalSettings.objects.get(school=sw.a.school)
    assert (row.averaging, row.rounding_threshold, row.edit_window_days) == (
        "arithmetic",
        Decimal("0.60"),
        3,
    )
    data["edit_window_days"] = "0"
    assert client.post(_url("settings", sw.a), data).status_code == 302
    row.refresh_from_db()
    assert row.edit_window_days == 0
    assert JournalSettings.objects.count() == 1
    # a threshold outside (0, 1) is refused
    data["rounding_threshold"] = "1.5"
    assert client.post(_url("settings", sw.a), data).status_code == 200
    row.refresh_from_db()
    assert row.rounding_threshold == Decimal("0.60")


def test_mark_free_rows_are_added_and_removed(client: Client, sw: Any) -> None:
    client.force_login(sw.user("director"))
    first = _free(sw.a)
    subject = f.federal_subject("Музыка")
    other_class = f.SchoolClassFactory.create(period_set=sw.a.period_set, grade=2, letter="Б")
    response = client.post(
        _url("mark_free_create", sw.a),
        {"school_class": other_class.pk, "subject": subject.pk},
    )
    assert response.status_code == 302
    assert MarkFreeSubject.objects.filter(school_class=other_class, subject=subject).exists()
    # another school's class is not offered
    response = client.post(_url("mark_free_create", sw.a), {"school_class": sw.b.school_class.pk})
    assert response.status_code == 200
    assert not MarkFreeSubject.objects.filter(
        school=sw.a.school, school_class=sw.b.school_class
    ).exists()
    # and a row is removed
    assert client.post(_url("mark_free_delete", sw.a, first.pk)).status_code == 302
    assert MarkFreeSubject.objects.filter(school=sw.a.school).count() == 1


def test_lists_cost_constant_queries(
    client: Client, sw: Any, django_assert_max_num_queries: Any
) -> None:
    client.force_login(sw.user("director"))
    for index in range(30):
        f.WorkTypeFactory.create(school=sw.a.school, name=f"Работа {index}")
    for grade in range(2, 12):
        school_class = f.SchoolClassFactory.create(
            period_set=sw.a.period_set, grade=grade, letter="В"
        )
        MarkFreeSubject.objects.create(school=sw.a.school, school_class=school_class)
    with django_assert_max_num_queries(12):
        assert client.get(_url("work_type_list", sw.a)).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(_url("mark_free_list", sw.a)).status_code == 200
