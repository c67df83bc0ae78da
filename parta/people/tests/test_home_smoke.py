import pytest
from django.urls import reverse

ROLES = [
    "director",
    "deputy_director",
    "secretary",
    "hr_officer",
    "teacher",
    "teacher_no_class",
    "student",
    "parent",
]


@pytest.mark.parametrize("role", ROLES)
def test_home_renders_for_role_in_own_school(client, world, role):
    client.force_login(world.user(role))
    response = client.get(reverse("people:home", args=[world.a.school.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_home_is_404_in_other_school(client, world, role):
    client.force_login(world.user(role))
    response = client.get(reverse("people:home", args=[world.b.school.pk]))
    assert response.status_code == 404


def test_parent_home_shows_child(client, world):
    client.force_login(world.user("parent"))
    response = client.get(reverse("people:home", args=[world.a.school.pk]))
    assert world.a.student.person.full_name in response.content.decode()
