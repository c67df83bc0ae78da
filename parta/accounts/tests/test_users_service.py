"""The accounts services: login names, roles a user may grant, role changes, locking."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from parta.accounts.access import access_for
from parta.accounts.models import RoleAssignment, User
from parta.accounts.services.users import (
    STAFF_ROLES,
    roles_grantable_by,
    roles_set,
    transliterate,
    user_create,
    user_set_locked,
    username_suggest,
)
from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.testing import factories as f


@pytest.mark.parametrize(
    ("text", "latin"),
    [
        ("Иванова", "ivanova"),
        ("Щукина-Ёлкина", "shchukina-elkina"),
        ("Хабибуллин", "khabibullin"),
        ("Цой", "tsoi"),
        ("Юдаева", "iudaeva"),
        ("Объедков", "obieedkov"),
        ("Мальцев", "maltsev"),
        ("  Ким  Ен ", "kim-en"),
        ("O'Brien", "obrien"),
    ],
)
def test_transliterate(text, latin):
    assert transliterate(text) == latin


def test_username_suggest_uses_surname_and_initials_and_stays_unique(db):
    assert username_suggest("Иванова", "Анна", "Сергеевна") == "ivanova.as"
    f.UserFactory.create(username="Ivanova.AS")
    assert username_suggest("Иванова", "Анна", "Сергеевна") == "ivanova.as2"
    f.UserFactory.create(username="ivanova.as2")
    assert username_suggest("Иванова", "Алла", "Семёновна") == "ivanova.as3"
    assert username_suggest("Ли", "Ён") == "li.e"
    assert username_suggest("", "") == "user"


def test_user_create_sets_the_forced_change_and_refuses_a_taken_name(db):
    user, password = user_create(actor=Actor.system(), username="new.user")
    assert user.must_change_password
    assert user.check_password(password)
    assert len(password) >= 10
    with pytest.raises(ValidationError) as info:
        user_create(actor=Actor.system(), username="NEW.USER")
    assert "username" in info.value.message_dict
    with pytest.raises(ValidationError):
        user_create(actor=Actor.system(), username="   ")
    assert User.objects.filter(username__iexact="new.user").count() == 1


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("director", set(STAFF_ROLES)),
        ("secretary", set(STAFF_ROLES)),
        ("superuser", set(STAFF_ROLES)),
        ("hr_officer", {"teacher"}),
        ("teacher", set()),
        ("municipal_specialist", set()),
        ("parent", set()),
    ],
)
def test_roles_grantable_by(world, who, expected):
    assert roles_grantable_by(access_for(world.user(who)), world.a.school.pk) == expected
    if who != "superuser":
        assert roles_grantable_by(access_for(world.user(who)), world.b.school.pk) == set()


def _roles(user, school):
    return set(
        RoleAssignment.objects.filter(user=user, organization=school).values_list("role", flat=True)
    )


def test_roles_set_adds_and_removes_only_grantable_roles(world):
    user = world.user("teacher")
    school = world.a.school
    RoleAssignment.objects.create(user=user, organization=school, role="secretary")
    actor = Actor(user=world.user("hr_officer"))
    roles_set(actor=actor, user=user, organization_id=school.pk, roles=[], grantable={"teacher"})
    # the secretary role (not grantable by HR) and the student/parent roles stay
    assert _roles(user, school) == {"secretary"}
    with pytest.raises(ValidationError) as info:
        roles_set(
            actor=actor,
            user=user,
            organization_id=school.pk,
            roles=["teacher", "director"],
            grantable={"teacher"},
        )
    assert "roles" in info.value.message_dict
    assert _roles(user, school) == {"secretary"}


def test_roles_set_keeps_record_roles(world):
    user = world.user("parent")
    school = world.a.school
    roles_set(
        actor=Actor(user=world.user("director")),
        user=user,
        organization_id=school.pk,
        roles=["teacher"],
        grantable=set(STAFF_ROLES),
    )
    assert _roles(user, school) == {"parent", "teacher"}
    assert AuditEvent.objects.filter(
        action="create", object_type="accounts.roleassignment"
    ).exists()


def test_nobody_removes_their_own_last_admin_role(world):
    director = world.user("director")
    with pytest.raises(ValidationError):
        roles_set(
            actor=Actor(user=director),
            user=director,
            organization_id=world.a.school.pk,
            roles=["teacher"],
            grantable=set(STAFF_ROLES),
        )
    assert "director" in _roles(director, world.a.school)
    roles_set(
        actor=Actor(user=director),
        user=director,
        organization_id=world.a.school.pk,
        roles=["deputy_director"],
        grantable=set(STAFF_ROLES),
    )
    assert _roles(director, world.a.school) == {"deputy_director"}


def test_nobody_locks_themself(world):
    director = world.user("director")
    with pytest.raises(ValidationError):
        user_set_locked(actor=Actor(user=director), user=director, locked=True, school_id=None)
    director.refresh_from_db()
    assert not director.is_locked


def test_lock_is_audited_once(world):
    user = world.user("parent")
    actor = Actor(user=world.user("director"))
    user_set_locked(actor=actor, user=user, locked=True, school_id=world.a.school.pk)
    user_set_locked(actor=actor, user=user, locked=True, school_id=world.a.school.pk)
    assert AuditEvent.objects.filter(action="update", object_id=str(user.pk)).count() == 1


# --- the navigation -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "links", "absent"),
    [
        ("director", ["class_list", "student_list", "staff_list", "group_list"], []),
        ("municipal_specialist", ["class_list", "student_list", "staff_list", "group_list"], []),
        ("teacher", ["class_list", "staff_list"], ["student_list", "group_list"]),
        ("teacher_no_class", ["class_list", "staff_list"], ["student_list", "group_list"]),
        ("parent", [], ["class_list", "student_list", "staff_list", "group_list"]),
        ("student", [], ["class_list", "student_list", "staff_list", "group_list"]),
    ],
)
def test_school_navigation_by_role(client, world, who, links, absent):
    client.force_login(world.user(who))
    html = client.get(reverse("people:home", args=[world.a.school.pk])).content.decode()
    nav = html[html.index('class="mainnav"') : html.index("</nav>")]
    for name in links:
        assert f'href="{reverse(f"people:{name}", args=[world.a.school.pk])}"' in nav, name
    for name in absent:
        assert f'href="{reverse(f"people:{name}", args=[world.a.school.pk])}"' not in nav, name


@pytest.mark.parametrize(
    ("who", "shown"),
    [
        ("teacher", True),
        ("teacher_no_class", True),
        ("director", False),
        ("secretary", False),
        ("parent", False),
        ("student", False),
    ],
)
def test_school_navigation_links_my_lessons_for_teachers(client, world, who, shown):
    # given a user of school A; when they open the school's home page
    client.force_login(world.user(who))
    html = client.get(reverse("people:home", args=[world.a.school.pk])).content.decode()
    # then the nav links the teacher's lessons only for those with the teacher role
    nav = html[html.index('class="mainnav"') : html.index("</nav>")]
    link = f'href="{reverse("journal:my_lessons", args=[world.a.school.pk])}"'
    assert (link in nav) is shown
