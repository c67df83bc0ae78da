"""The school card: everyone in the school reads it, the school administration edits it."""

import pytest
from django.urls import reverse

from parta.core.models import AuditEvent
from parta.core.testing.matrix import ADMINS, EVERYONE, check_matrix
from parta.organizations.models import Organization
from parta.organizations.services.organizations import CARD_FIELDS

VALID = {
    "full_name": "Муниципальное бюджетное общеобразовательное учреждение «Школа № 1»",
    "short_name": "Школа № 1",
    "school_type": "sosh",
    "timezone": "Asia/Yekaterinburg",
    "address": "г. Энск, ул. Ленина, д. 1",
    "director_name": "Петрова Анна Сергеевна",
    "phone": "+7 (4999) 12-34-56",
    "email": "school1@example.ru",
    "website": "https://school1.example.ru",
    "inn": "7707083893",
    "kpp": "773601001",
    "ogrn": "1027700132195",
    "licence_number": "Л035-01234-77/00123456",
    "licence_date": "2016-03-01",
    "accreditation_number": "А007-01234-77/01234567",
    "accreditation_date": "2019-04-01",
    "accreditation_valid_until": "",
}


def _card(org):
    org.refresh_from_db()
    return {name: getattr(org, name) for name in (*CARD_FIELDS, "kind", "parent_id")}


def test_card_matrix_everyone_in_the_school_reads(client, world):
    check_matrix(
        client,
        world,
        lambda sw: reverse("organizations:card", args=[sw.school.pk]),
        allowed=EVERYONE,
    )


def test_card_edit_page_matrix(client, world):
    check_matrix(
        client,
        world,
        lambda sw: reverse("organizations:card_edit", args=[sw.school.pk]),
        allowed=ADMINS,
    )


def test_card_edit_posts_matrix(client, world):
    """Admins save (the same values, so every one of them gets a redirect); nobody else
    changes anything."""
    check_matrix(
        client,
        world,
        lambda sw: reverse("organizations:card_edit", args=[sw.school.pk]),
        allowed=ADMINS,
        who=ADMINS,
        method="post",
        data=VALID,
        ok=(302,),
    )
    world.a.school.refresh_from_db()
    assert world.a.school.short_name == "Школа № 1"
    before_a, before_b = _card(world.a.school), _card(world.b.school)
    audit = AuditEvent.objects.count()
    check_matrix(
        client,
        world,
        lambda sw: reverse("organizations:card_edit", args=[sw.school.pk]),
        allowed=set(),
        who=EVERYONE - ADMINS,
        method="post",
        data={**VALID, "short_name": "Взломано"},
    )
    assert (_card(world.a.school), _card(world.b.school)) == (before_a, before_b)
    assert AuditEvent.objects.count() == audit


def test_card_shows_the_fields(client, world):
    client.force_login(world.user("director"))
    client.post(reverse("organizations:card_edit", args=[world.a.school.pk]), VALID)
    client.force_login(world.user("parent"))
    body = client.get(reverse("organizations:card", args=[world.a.school.pk])).content.decode()
    assert "7707083893" in body
    assert "Петрова Анна Сергеевна" in body
    assert "01.03.2016" in body
    assert reverse("organizations:card_edit", args=[world.a.school.pk]) not in body


def test_card_edit_is_audited_under_the_school(client, world):
    client.force_login(world.user("secretary"))
    response = client.post(reverse("organizations:card_edit", args=[world.a.school.pk]), VALID)
    assert response.status_code == 302
    event = AuditEvent.objects.get(object_type="organizations.organization", action="update")
    assert event.school_id == world.a.school.pk
    assert event.actor == world.user("secretary")
    assert event.after is not None
    assert event.after["inn"] == "7707083893"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("inn", "7707083890", "Invalid INN"),
        ("inn", "12345", "Invalid INN"),
        ("ogrn", "1027700132190", "Invalid OGRN"),
        ("kpp", "77360100", "Invalid KPP"),
        ("email", "not-an-email", "email"),
        ("short_name", "", "required"),
    ],
)
def test_bad_card_input_is_refused_and_nothing_saved(client, world, field, value, message):
    client.force_login(world.user("director"))
    before = _card(world.a.school)
    response = client.post(
        reverse("organizations:card_edit", args=[world.a.school.pk]), {**VALID, field: value}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _card(world.a.school) == before
    assert not AuditEvent.objects.filter(object_type="organizations.organization").exists()


def test_card_edit_cannot_change_kind_or_parent(client, world):
    client.force_login(world.user("director"))
    response = client.post(
        reverse("organizations:card_edit", args=[world.a.school.pk]),
        {**VALID, "kind": "region", "parent": str(world.other_municipality.pk), "is_active": ""},
    )
    assert response.status_code == 302
    school = Organization.objects.get(pk=world.a.school.pk)
    assert (school.kind, school.parent_id, school.is_active) == (
        "school",
        world.municipality.pk,
        True,
    )


def test_a_failed_edit_leaves_the_page_header_alone(client, world):
    client.force_login(world.user("director"))
    response = client.post(
        reverse("organizations:card_edit", args=[world.a.school.pk]),
        {**VALID, "short_name": "Новое имя", "inn": "1"},
    )
    assert response.status_code == 200
    assert response.context["current_school"].short_name == world.a.school.short_name
