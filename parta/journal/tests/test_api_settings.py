"""`work-types` and `journal-settings`: read by everybody in the school, written by the school
administration (audited), denied writes change nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parta.core.models import AuditEvent
from parta.core.testing.matrix import EVERYONE, check_matrix
from parta.journal.models import JournalSettings, WorkType
from parta.journal.tests import test_api_rig as r
from parta.journal.tests.test_api_rig import SCHOOL_ADMINS, V1, check_writes

pytestmark = pytest.mark.django_db
api, rig = r.api, r.rig  # the shared fixtures


def _side(rig, sw):
    return rig.a if sw is rig.world.a else rig.b


def test_work_types_read_matrix(api, rig):
    check_matrix(
        api,
        rig.world,
        lambda sw: f"{V1}work-types/{_side(rig, sw).work_type.pk}/",
        allowed=EVERYONE,
        other_school_allowed={"municipal_specialist", "superuser"},
    )
    api.force_login(rig.a.sw.users["student"])
    rows = api.get(f"{V1}work-types/").json()["results"]
    assert [row["id"] for row in rows] == [rig.a.work_type.pk]


def test_work_types_write_matrix(api, rig):
    def create(client, side):
        body = {"school": side.sw.school.pk, "name": "Зачёт", "abbreviation": "Зч", "weight": "2"}
        return client.post(f"{V1}work-types/", body, format="json")

    def drop(side):
        WorkType.objects.filter(school=side.sw.school, name="Зачёт").delete()

    check_writes(api, rig, create, allowed=SCHOOL_ADMINS, ok=(201,), reset=drop)

    def change(client, side):
        url = f"{V1}work-types/{side.work_type.pk}/"
        return client.patch(url, {"weight": "1.5"}, format="json")

    check_writes(api, rig, change, allowed=SCHOOL_ADMINS)


def test_work_type_write_is_validated_and_audited(api, rig):
    side = rig.a
    api.force_login(side.sw.users["director"])
    events = AuditEvent.objects.count()
    changed = api.patch(f"{V1}work-types/{side.work_type.pk}/", {"weight": "3"}, format="json")
    assert changed.status_code == 200
    assert changed.json()["weight"] == "3.0"
    assert AuditEvent.objects.count() == events + 1
    bad = api.patch(f"{V1}work-types/{side.work_type.pk}/", {"weight": "0"}, format="json")
    assert bad.status_code == 400
    twin = api.post(
        f"{V1}work-types/",
        {"school": side.sw.school.pk, "name": side.work_type.name, "abbreviation": "X"},
        format="json",
    )
    assert twin.status_code == 400
    assert WorkType.objects.get(pk=side.work_type.pk).weight == Decimal("3")


def test_journal_settings_read_matrix(api, rig):
    check_matrix(
        api,
        rig.world,
        lambda sw: f"{V1}journal-settings/{sw.school.pk}/",
        allowed=EVERYONE,
        other_school_allowed={"municipal_specialist", "superuser"},
    )


def test_journal_settings_defaults_then_saved(api, rig):
    side = rig.a
    api.force_login(side.sw.users["teacher"])
    body = api.get(f"{V1}journal-settings/{side.sw.school.pk}/").json()
    assert body["edit_window_days"] == 7
    assert body["averaging"] == "weighted"
    api.force_login(side.sw.users["deputy_director"])
    url = f"{V1}journal-settings/{side.sw.school.pk}/"
    saved = api.patch(url, {"edit_window_days": 3, "rounding_threshold": "0.60"}, format="json")
    assert saved.status_code == 200, saved.content
    stored = JournalSettings.objects.get(school=side.sw.school)
    assert stored.edit_window_days == 3
    assert stored.rounding_threshold == Decimal("0.60")
    again = api.patch(url, {"min_marks": 5}, format="json")
    assert again.json()["edit_window_days"] == 3
    assert again.json()["min_marks"] == 5
    assert api.patch(url, {"rounding_threshold": "1.50"}, format="json").status_code == 400


def test_journal_settings_write_matrix(api, rig):
    def request(client, side):
        url = f"{V1}journal-settings/{side.sw.school.pk}/"
        return client.patch(url, {"edit_window_days": 10}, format="json")

    def reset(side):
        JournalSettings.objects.filter(school=side.sw.school).delete()

    check_writes(api, rig, request, allowed=SCHOOL_ADMINS, reset=reset)
