"""The "School structure" index links every registry; the tree link only for those who
reach /orgs/."""

from django.urls import reverse

from parta.core.testing.matrix import READ_WHOLE_SCHOOL, check_matrix


def test_settings_matrix(client, world):
    check_matrix(
        client,
        world,
        lambda sw: reverse("organizations:settings", args=[sw.school.pk]),
        allowed=READ_WHOLE_SCHOOL,
    )


def test_settings_links_every_registry(client, world):
    school_id = world.a.school.pk
    client.force_login(world.user("director"))
    body = client.get(reverse("organizations:settings", args=[school_id])).content.decode()
    for name in (
        "organizations:card",
        "organizations:year_list",
        "organizations:period_set_list",
        "organizations:holiday_set_list",
        "organizations:building_list",
        "organizations:room_list",
        "curriculum:subject_list",
    ):
        assert reverse(name, args=[school_id]) in body, name
    assert reverse("organizations:org_tree") not in body
    for who in ("municipal_specialist", "superuser"):
        client.force_login(world.user(who))
        body = client.get(reverse("organizations:settings", args=[school_id])).content.decode()
        assert reverse("organizations:org_tree") in body, who
