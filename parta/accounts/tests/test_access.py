"""Access resolution: each predicate agrees with its queryset twin, over the two-school world."""

import pytest

from parta.accounts.access import access_for, forget_access
from parta.accounts.choices import Role
from parta.accounts.models import RoleAssignment
from parta.accounts.rules import can_read_school, is_school_admin, reads_whole_school
from parta.core.testing.matrix import ALL_WHO
from parta.organizations.models import Organization


@pytest.mark.parametrize("who", ALL_WHO)
def test_can_read_school_matches_organization_visible_to(world, who):
    user = world.user(who)
    visible = set(Organization.objects.visible_to(user).schools().values_list("pk", flat=True))
    for school in Organization.objects.schools():
        assert can_read_school(user, school.pk) == (school.pk in visible), (who, school)


@pytest.mark.parametrize(
    ("who", "admin_in_a", "whole_in_a"),
    [
        ("director", True, True),
        ("deputy_director", True, True),
        ("secretary", True, True),
        ("hr_officer", False, True),
        ("teacher", False, False),
        ("teacher_no_class", False, False),
        ("student", False, False),
        ("parent", False, False),
        ("municipal_specialist", False, True),
        ("superuser", True, True),
    ],
)
def test_school_rights_by_role(world, who, admin_in_a, whole_in_a):
    user = world.user(who)
    assert is_school_admin(user, world.a.school.pk) is admin_in_a
    assert reads_whole_school(user, world.a.school.pk) is whole_in_a
    # school C lies under another municipality: only the superuser reaches it
    assert can_read_school(user, world.c_school.pk) is (who == "superuser")


def test_municipal_specialist_reads_the_tree_and_writes_nothing(world):
    access = access_for(world.municipal_specialist)
    assert access.readable_school_ids == {world.a.school.pk, world.b.school.pk}
    assert access.is_tree_reader(world.a.school.pk)
    assert not access.is_school_admin(world.a.school.pk)
    assert not access.can_manage_staff(world.a.school.pk)
    visible = set(Organization.objects.visible_to(world.municipal_specialist))
    assert world.municipality in visible
    assert world.region in visible
    assert world.other_municipality not in visible


def test_region_specialist_reads_every_school_of_the_region(world):
    user = world.user("teacher_no_class", "b")
    RoleAssignment.objects.create(
        user=user, organization=world.region, role=Role.MUNICIPAL_SPECIALIST
    )
    forget_access(user)
    access = access_for(user)
    assert access.readable_school_ids == {world.a.school.pk, world.b.school.pk, world.c_school.pk}
    # the teacher role in B is kept alongside the read-only tree role
    assert Role.TEACHER in access.roles_in(world.b.school.pk)


def test_person_with_roles_in_two_schools_switches_between_them(world):
    teacher = world.user("teacher")
    RoleAssignment.objects.create(user=teacher, organization=world.b.school, role=Role.TEACHER)
    forget_access(teacher)
    assert access_for(teacher).readable_school_ids == {world.a.school.pk, world.b.school.pk}


def test_access_is_computed_once_per_user_object(world, django_assert_num_queries):
    user = world.user("director")
    forget_access(user)
    with django_assert_num_queries(1):
        first = access_for(user)
        second = access_for(user)
    assert first is second
    assert first.readable_school_ids == {world.a.school.pk}


def test_anonymous_reaches_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    access = access_for(AnonymousUser())
    assert access.readable_school_ids == frozenset()
    assert not access.is_school_admin(world.a.school.pk)
