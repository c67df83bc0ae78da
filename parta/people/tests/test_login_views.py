"""Logins of the school's people: create (username suggested and unique, temporary password
printed once, roles granted), reset, lock and unlock, the class sheet; who may do it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from parta.accounts.models import RoleAssignment, User
from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ADMINS, EVERYONE, STAFF_ADMINS, check_matrix
from parta.people.selectors import person_links
from parta.people.services.logins import class_logins_create, person_login_reset


def _create_url(sw, person):
    return reverse("people:login_create", args=[sw.school.pk, person.pk])


@pytest.fixture
def new_staff(world):
    """A staff member without a login in each school."""
    return {
        key: f.StaffMemberFactory.create(
            school=getattr(world, key).school,
            person=f.PersonFactory.create(
                last_name="Новенькая", first_name="Ирина", patronymic="Олеговна"
            ),
        )
        for key in ("a", "b")
    }


# --- the role matrix -------------------------------------------------------------------------


def test_login_create_page_for_a_student_matrix(client, world):
    check_matrix(client, world, lambda sw: _create_url(sw, sw.other_student.person), allowed=ADMINS)


def test_login_create_page_for_staff_matrix(client, world, new_staff):
    check_matrix(
        client,
        world,
        lambda sw: _create_url(sw, new_staff["a" if sw is world.a else "b"].person),
        allowed=STAFF_ADMINS,
    )


def test_login_posts_denied_change_nothing(client, world):
    users = User.objects.count()
    check_matrix(
        client,
        world,
        lambda sw: _create_url(sw, sw.other_student.person),
        allowed=set(),
        who=EVERYONE - ADMINS,
        method="post",
        data={"username": "hacker"},
    )
    assert User.objects.count() == users
    parent_user = world.user("parent")
    before = parent_user.password
    for name in ("login_reset", "login_lock"):

        def url_for(sw, name=name):
            return reverse(f"people:{name}", args=[sw.school.pk, sw.parent.pk])

        check_matrix(
            client,
            world,
            url_for,
            allowed=set(),
            who=EVERYONE - ADMINS,
            method="post",
            data={"locked": "1"},
        )
    parent_user.refresh_from_db()
    assert parent_user.password == before
    assert not parent_user.is_locked
    assert not parent_user.must_change_password


def test_class_logins_post_denied_changes_nothing(client, world):
    users = User.objects.count()
    check_matrix(
        client,
        world,
        lambda sw: reverse("people:class_logins", args=[sw.school.pk, sw.school_class.pk]),
        allowed=set(),
        who=EVERYONE - ADMINS,
        method="post",
        data={"students": "on", "parents": "on"},
    )
    assert User.objects.count() == users


def test_person_of_another_school_is_404(client, world):
    client.force_login(world.user("director"))
    assert client.get(_create_url(world.a, world.b.other_student.person)).status_code == 404
    response = client.post(
        reverse("people:login_reset", args=[world.a.school.pk, world.b.parent.pk])
    )
    assert response.status_code == 404


def test_hr_cannot_manage_a_students_or_parents_login(client, world):
    client.force_login(world.user("hr_officer"))
    assert client.get(_create_url(world.a, world.a.other_student.person)).status_code == 404
    response = client.post(
        reverse("people:login_reset", args=[world.a.school.pk, world.a.parent.pk])
    )
    assert response.status_code == 404


# --- creating --------------------------------------------------------------------------------------


def test_create_page_suggests_a_transliterated_login(client, world, new_staff):
    client.force_login(world.user("director"))
    form = client.get(_create_url(world.a, new_staff["a"].person)).context["sections"][0][1]
    assert form.initial["username"] == "novenkaia.io"


def test_admin_creates_a_students_login_and_the_sheet_shows_it_once(client, world):
    sw = world.a
    person = sw.other_student.person
    client.force_login(world.user("secretary"))
    response = client.post(_create_url(sw, person), {"username": "pupil.one"})
    assert response.status_code == 200
    assert response.templates[0].name == "people/credentials.html"
    person.refresh_from_db()
    user = person.user
    assert user.username == "pupil.one"
    assert user.must_change_password
    card = response.context["cards"][0]
    assert user.check_password(card.password)
    html = response.content.decode()
    for text in (person.full_name, sw.school.short_name, "pupil.one", card.password, "/login/"):
        assert text in html
    assert RoleAssignment.objects.filter(user=user, organization=sw.school, role="student").exists()
    assert AuditEvent.objects.filter(action="create", object_type="accounts.user").exists()
    assert card.password not in str(list(AuditEvent.objects.values_list("after", flat=True)))


def test_suggested_logins_are_unique(client, world):
    sw = world.a
    twins = [
        f.StudentFactory.create(
            school=sw.school,
            person=f.PersonFactory.create(last_name="Щукина", first_name="Юлия", patronymic="Ёвна"),
        )
        for _n in range(3)
    ]
    client.force_login(world.user("director"))
    names = []
    for twin in twins:
        form = client.get(_create_url(sw, twin.person)).context["sections"][0][1]
        username = form.initial["username"]
        client.post(_create_url(sw, twin.person), {"username": username})
        names.append(username)
    assert names == ["shchukina.ie", "shchukina.ie2", "shchukina.ie3"]


def test_taken_login_is_refused(client, world):
    client.force_login(world.user("director"))
    response = client.post(
        _create_url(world.a, world.a.other_student.person), {"username": "A_PARENT"}
    )
    assert response.status_code == 200
    assert response.context["sections"][0][1].errors["username"]
    world.a.other_student.person.refresh_from_db()
    assert world.a.other_student.person.user is None


def test_invalid_login_characters_are_refused(client, world):
    client.force_login(world.user("director"))
    response = client.post(
        _create_url(world.a, world.a.other_student.person), {"username": "имя с пробелом"}
    )
    assert response.status_code == 200
    assert response.context["sections"][0][1].errors["username"]


def test_parent_login_grants_the_parent_role(client, world):
    sw = world.a
    mother = f.GuardianshipFactory.create(student=sw.other_student).guardian
    client.force_login(world.user("director"))
    response = client.post(_create_url(sw, mother), {"username": "mama.other"})
    assert response.status_code == 200
    user = User.objects.get(username="mama.other")
    assert RoleAssignment.objects.filter(user=user, organization=sw.school, role="parent").exists()


def test_hr_creates_a_staff_login_with_the_teacher_role(client, world, new_staff):
    client.force_login(world.user("hr_officer"))
    person = new_staff["a"].person
    response = client.post(
        _create_url(world.a, person), {"username": "novenkaia", "roles": ["teacher"]}
    )
    assert response.status_code == 200
    user = User.objects.get(username="novenkaia")
    assert set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True)) == {
        "teacher"
    }


def test_hr_cannot_grant_director_with_a_new_login(client, world, new_staff):
    client.force_login(world.user("hr_officer"))
    response = client.post(
        _create_url(world.a, new_staff["a"].person), {"username": "boss", "roles": ["director"]}
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="boss").exists()


def test_existing_login_cannot_be_created_again(client, world):
    client.force_login(world.user("director"))
    response = client.post(_create_url(world.a, world.a.parent), {"username": "second"})
    assert response.status_code == 200
    assert not User.objects.filter(username="second").exists()


# --- reset, lock ---------------------------------------------------------------------------------------


def test_reset_prints_a_new_temporary_password(client, world):
    sw = world.a
    user = world.user("parent")
    client.force_login(world.user("director"))
    response = client.post(reverse("people:login_reset", args=[sw.school.pk, sw.parent.pk]))
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.must_change_password
    assert user.check_password(response.context["cards"][0].password)
    assert AuditEvent.objects.filter(action="password_change", object_id=str(user.pk)).exists()


def test_lock_and_unlock(client, world):
    sw = world.a
    user = world.user("parent")
    card = reverse("people:student_detail", args=[sw.school.pk, sw.student.pk])
    client.force_login(world.user("director"))
    url = reverse("people:login_lock", args=[sw.school.pk, sw.parent.pk])
    response = client.post(url, {"locked": "1", "next": card})
    assert response.status_code == 302
    assert response["Location"] == card
    user.refresh_from_db()
    assert user.is_locked
    client.post(url, {"locked": "0"})
    user.refresh_from_db()
    assert not user.is_locked


def test_lock_ignores_a_foreign_next_address(client, world):
    client.force_login(world.user("director"))
    url = reverse("people:login_lock", args=[world.a.school.pk, world.a.parent.pk])
    response = client.post(url, {"locked": "1", "next": "https://evil.example/"})
    assert "evil" not in response["Location"]


def test_login_holding_a_role_in_another_school_is_not_managed_by_this_one(client, world):
    """School A's director cannot reset the password of a parent who is a director in B."""
    parent_user = world.user("parent")
    RoleAssignment.objects.create(user=parent_user, organization=world.b.school, role="director")
    before = parent_user.password
    client.force_login(world.user("director"))
    response = client.post(
        reverse("people:login_reset", args=[world.a.school.pk, world.a.parent.pk]), follow=True
    )
    assert response.status_code == 200
    parent_user.refresh_from_db()
    assert parent_user.password == before
    messages = [str(m) for m in response.context["messages"]]
    assert any(world.b.school.short_name in m for m in messages), messages


def test_reset_service_refuses_a_superusers_login(world):
    root = world.superuser
    person = f.PersonFactory.create(user=root)
    f.StaffMemberFactory.create(school=world.a.school, person=person)
    links = person_links(world.a.school, person.pk)
    assert links is not None
    with pytest.raises(ValidationError):
        person_login_reset(
            actor=Actor(user=world.user("director")), school_id=world.a.school.pk, links=links
        )


# --- the class sheet ---------------------------------------------------------------------------------


def test_class_sheet_creates_logins_for_those_without_one(client, world):
    sw = world.a
    mother = f.GuardianshipFactory.create(student=sw.other_student).guardian
    f.GuardianshipFactory.create(student=sw.student, guardian=mother)  # two children, one card
    client.force_login(world.user("director"))
    url = reverse("people:class_logins", args=[sw.school.pk, sw.school_class.pk])
    page = client.get(url)
    assert page.context["missing"] == {"students": 1, "parents": 1}
    response = client.post(url, {"students": "on", "parents": "on"})
    assert response.status_code == 200
    cards = response.context["cards"]
    assert [(c.person, c.kind) for c in cards] == [
        (sw.other_student.person, "student"),
        (mother, "parent"),
    ]
    mother.refresh_from_db()
    assert mother.user is not None
    assert mother.user.must_change_password
    assert RoleAssignment.objects.filter(user=mother.user, role="parent").exists()
    html = response.content.decode()
    assert html.count('class="credential"') == 2
    again = client.post(url, {"students": "on", "parents": "on"})
    assert again.status_code == 302  # everyone has a login now


def test_class_sheet_needs_a_choice(client, world):
    client.force_login(world.user("director"))
    url = reverse("people:class_logins", args=[world.a.school.pk, world.a.school_class.pk])
    response = client.post(url, {})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_class_logins_service_refuses_a_non_admin(world):
    with pytest.raises(ValidationError):
        class_logins_create(
            actor=Actor(user=world.user("teacher")),
            school_class=world.a.school_class,
            day=world.a.year.start_date,
            students=True,
            parents=False,
        )
    world.a.other_student.person.refresh_from_db()
    assert world.a.other_student.person.user is None
