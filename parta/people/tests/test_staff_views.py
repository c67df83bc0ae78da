"""Staff: the list and its filters, registering (with a login and roles), the card, editing
positions, dates and roles; who may grant which role."""

import datetime

import pytest
from django.urls import reverse

from parta.accounts.models import RoleAssignment, User
from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import (
    EVERYONE,
    STAFF_ADMINS,
    check_matrix,
)
from parta.people.models import Person, Position, StaffMember


@pytest.fixture
def positions(db):
    return (
        Position.objects.get_or_create(name="учитель")[0],
        Position.objects.get_or_create(name="педагог-психолог", defaults={"is_teaching": False})[0],
    )


def _staff_data(positions, **overrides):
    data = {
        "last_name": "Кадрова",
        "first_name": "Елена",
        "patronymic": "Викторовна",
        "birth_date": "1985-02-03",
        "sex": "f",
        "snils": "456-789-012 38",
        "phone": "",
        "email": "",
        "address": "",
        "positions": [str(positions[0].pk)],
        "hire_date": "2024-08-26",
        "create_login": "on",
        "username": "",
        "roles": ["teacher"],
    }
    data.update(overrides)
    return data


def _roles(user, school):
    return set(
        RoleAssignment.objects.filter(user=user, organization=school).values_list("role", flat=True)
    )


# --- the role matrix ---------------------------------------------------------------------------


def test_staff_list_matrix(client, world):
    check_matrix(
        client,
        world,
        lambda sw: reverse("people:staff_list", args=[sw.school.pk]),
        allowed=EVERYONE,
    )


def test_staff_card_matrix(client, world):
    """Personal data (people.rules.staff_personal_q): the administration, HR and the member
    themself; the municipal specialist reads the staff list, not the personal card."""
    check_matrix(
        client,
        world,
        lambda sw: reverse("people:staff_detail", args=[sw.school.pk, sw.class_teacher.pk]),
        allowed=STAFF_ADMINS | {"teacher"},
    )


@pytest.mark.parametrize("name", ["staff_create", "staff_edit"])
def test_staff_admin_pages_matrix(client, world, name):
    def url_for(sw):
        args = [sw.school.pk] if name == "staff_create" else [sw.school.pk, sw.class_teacher.pk]
        return reverse(f"people:{name}", args=args)

    check_matrix(client, world, url_for, allowed=STAFF_ADMINS)


def test_staff_create_post_denied_changes_nothing(client, world, positions):
    people, users = Person.objects.count(), User.objects.count()
    check_matrix(
        client,
        world,
        lambda sw: reverse("people:staff_create", args=[sw.school.pk]),
        allowed=set(),
        who=EVERYONE - STAFF_ADMINS,
        method="post",
        data=_staff_data(positions, snils=""),
    )
    assert (Person.objects.count(), User.objects.count()) == (people, users)


def test_staff_edit_post_denied_changes_nothing(client, world, positions):
    check_matrix(
        client,
        world,
        lambda sw: reverse("people:staff_edit", args=[sw.school.pk, sw.class_teacher.pk]),
        allowed=set(),
        who=EVERYONE - STAFF_ADMINS,
        method="post",
        data={"last_name": "Уволенова", "first_name": "А", "dismissal_date": "2025-01-01"},
    )
    assert not StaffMember.objects.filter(dismissal_date__isnull=False).exists()


def test_teacher_without_a_class_cannot_open_a_colleagues_card(client, world):
    client.force_login(world.user("teacher_no_class"))
    url = reverse("people:staff_detail", args=[world.a.school.pk, world.a.class_teacher.pk])
    assert client.get(url).status_code == 404


def test_staff_card_read_is_audited(client, world):
    client.force_login(world.user("hr_officer"))
    client.get(reverse("people:staff_detail", args=[world.a.school.pk, world.a.class_teacher.pk]))
    assert AuditEvent.objects.filter(
        action="view", object_type="people.staffmember", object_id=str(world.a.class_teacher.pk)
    ).exists()


# --- the list ------------------------------------------------------------------------------------


def test_staff_list_filters_by_position_and_status(client, world, positions):
    sw = world.a
    teacher, psychologist = positions
    sw.class_teacher.positions.set([teacher])
    gone = f.StaffMemberFactory.create(school=sw.school, dismissal_date=datetime.date(2025, 6, 30))
    gone.positions.set([psychologist])
    client.force_login(world.user("director"))
    url = reverse("people:staff_list", args=[sw.school.pk])
    working = set(client.get(url).context["object_list"])
    assert gone not in working
    assert sw.class_teacher in working
    dismissed = set(client.get(url, {"status": "dismissed"}).context["object_list"])
    assert dismissed == {gone}
    every = set(client.get(url, {"status": ""}).context["object_list"])
    assert gone in every
    by_position = set(
        client.get(url, {"status": "", "position": teacher.pk}).context["object_list"]
    )
    assert by_position == {sw.class_teacher}


def test_staff_list_links_cards_for_whole_school_readers_only(client, world):
    card = reverse("people:staff_detail", args=[world.a.school.pk, world.a.class_teacher.pk])
    client.force_login(world.user("director"))
    assert (
        card in client.get(reverse("people:staff_list", args=[world.a.school.pk])).content.decode()
    )
    client.force_login(world.user("student"))
    html = client.get(reverse("people:staff_list", args=[world.a.school.pk])).content.decode()
    assert card not in html
    assert world.a.class_teacher.person.full_name in html


def test_hr_sees_the_add_button(client, world):
    client.force_login(world.user("hr_officer"))
    response = client.get(reverse("people:staff_list", args=[world.a.school.pk]))
    assert response.context["create_url"] == reverse(
        "people:staff_create", args=[world.a.school.pk]
    )


def test_staff_list_query_count_is_constant(
    client, world, positions, django_assert_max_num_queries
):
    client.force_login(world.user("director"))
    url = reverse("people:staff_list", args=[world.a.school.pk])
    client.get(url)
    for _n in range(30):
        member = f.StaffMemberFactory.create(school=world.a.school)
        member.positions.set(positions)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert len(response.context["object_list"]) == 25


# --- registering -----------------------------------------------------------------------------------


def test_director_registers_a_deputy_with_a_login_and_sees_the_sheet(client, world, positions):
    client.force_login(world.user("director"))
    response = client.post(
        reverse("people:staff_create", args=[world.a.school.pk]),
        _staff_data(positions, roles=["teacher", "deputy_director"]),
    )
    assert response.status_code == 200
    assert response.templates[0].name == "people/credentials.html"
    member = StaffMember.objects.get(person__last_name="Кадрова")
    user = member.person.user
    assert user is not None
    assert user.username == "kadrova.ev"
    assert user.must_change_password
    assert _roles(user, world.a.school) == {"teacher", "deputy_director"}
    assert list(member.positions.all()) == [positions[0]]
    password = response.context["cards"][0].password
    assert password in response.content.decode()
    assert user.check_password(password)
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_staff_without_login_goes_to_the_card(client, world, positions):
    client.force_login(world.user("director"))
    response = client.post(
        reverse("people:staff_create", args=[world.a.school.pk]),
        _staff_data(positions, create_login="", roles=[]),
    )
    member = StaffMember.objects.get(person__last_name="Кадрова")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "people:staff_detail", args=[world.a.school.pk, member.pk]
    )
    assert member.person.user is None


def test_roles_without_a_login_are_refused(client, world, positions):
    client.force_login(world.user("director"))
    response = client.post(
        reverse("people:staff_create", args=[world.a.school.pk]),
        _staff_data(positions, create_login=""),
    )
    assert response.status_code == 200
    assert not Person.objects.filter(last_name="Кадрова").exists()


def test_hr_registers_a_teacher(client, world, positions):
    client.force_login(world.user("hr_officer"))
    response = client.post(
        reverse("people:staff_create", args=[world.a.school.pk]), _staff_data(positions)
    )
    assert response.status_code == 200
    user = Person.objects.get(last_name="Кадрова").user
    assert _roles(user, world.a.school) == {"teacher"}


def test_hr_cannot_grant_an_admin_role_and_nothing_is_saved(client, world, positions):
    people, users = Person.objects.count(), User.objects.count()
    client.force_login(world.user("hr_officer"))
    response = client.post(
        reverse("people:staff_create", args=[world.a.school.pk]),
        _staff_data(positions, roles=["teacher", "director"]),
    )
    assert response.status_code == 200
    assert response.context["sections"][1][1].errors["roles"]
    assert (Person.objects.count(), User.objects.count()) == (people, users)


def test_taken_login_is_refused_and_nothing_saved(client, world, positions):
    people = Person.objects.count()
    client.force_login(world.user("director"))
    response = client.post(
        reverse("people:staff_create", args=[world.a.school.pk]),
        _staff_data(positions, username="A_Director"),
    )
    assert response.status_code == 200
    assert response.context["sections"][1][1].errors["username"]
    assert Person.objects.count() == people


# --- editing -------------------------------------------------------------------------------------------


def _edit_data(member, **overrides):
    person = member.person
    data = {
        "last_name": person.last_name,
        "first_name": person.first_name,
        "patronymic": person.patronymic,
        "birth_date": person.birth_date.isoformat() if person.birth_date else "",
        "sex": person.sex,
        "snils": person.snils,
        "phone": person.phone,
        "email": person.email,
        "address": person.address,
        "positions": [str(p.pk) for p in member.positions.all()],
        "hire_date": member.hire_date.isoformat() if member.hire_date else "",
        "dismissal_date": "",
        "roles": ["teacher"],
    }
    data.update(overrides)
    return data


def test_director_edits_positions_dates_and_roles(client, world, positions):
    sw = world.a
    member = sw.class_teacher
    client.force_login(world.user("director"))
    url = reverse("people:staff_edit", args=[sw.school.pk, member.pk])
    response = client.post(
        url,
        _edit_data(
            member,
            positions=[str(positions[0].pk), str(positions[1].pk)],
            roles=["teacher", "secretary"],
        ),
    )
    assert response.status_code == 302
    assert set(member.positions.all()) == set(positions)
    assert _roles(world.user("teacher"), sw.school) == {"teacher", "secretary"}
    response = client.post(url, _edit_data(member, roles=["secretary"]))
    assert response.status_code == 302
    assert _roles(world.user("teacher"), sw.school) == {"secretary"}
    revoked = AuditEvent.objects.filter(action="delete", object_type="accounts.roleassignment")
    assert revoked.count() == 1


def test_hr_edits_a_teacher_but_cannot_touch_admin_roles(client, world):
    """HR sees only the teacher role; the deputy role the person holds stays as it is."""
    sw = world.a
    member = sw.class_teacher
    RoleAssignment.objects.create(
        user=world.user("teacher"), organization=sw.school, role="deputy_director"
    )
    client.force_login(world.user("hr_officer"))
    url = reverse("people:staff_edit", args=[sw.school.pk, member.pk])
    page = client.get(url)
    roles_form = page.context["sections"][2][1]
    assert [value for value, _label in roles_form.fields["roles"].choices] == ["teacher"]
    response = client.post(url, _edit_data(member, roles=[], dismissal_date="2030-01-01"))
    assert response.status_code == 302
    assert _roles(world.user("teacher"), sw.school) == {"deputy_director"}
    member.refresh_from_db()
    assert member.dismissal_date == datetime.date(2030, 1, 1)
    response = client.post(url, _edit_data(member, roles=["teacher", "director"]))
    assert response.status_code == 200
    assert _roles(world.user("teacher"), sw.school) == {"deputy_director"}


def test_dismissal_before_hire_is_refused(client, world):
    sw = world.a
    client.force_login(world.user("director"))
    url = reverse("people:staff_edit", args=[sw.school.pk, sw.class_teacher.pk])
    response = client.post(url, _edit_data(sw.class_teacher, dismissal_date="2000-01-01"))
    assert response.status_code == 200
    sw.class_teacher.refresh_from_db()
    assert sw.class_teacher.dismissal_date is None


def test_director_cannot_remove_own_last_admin_role(client, world):
    sw = world.a
    director = world.user("director")
    person = f.PersonFactory.create(user=director)
    member = f.StaffMemberFactory.create(school=sw.school, person=person)
    client.force_login(director)
    url = reverse("people:staff_edit", args=[sw.school.pk, member.pk])
    response = client.post(url, _edit_data(member, roles=["teacher"]))
    assert response.status_code == 200
    assert "director" in _roles(director, sw.school)
