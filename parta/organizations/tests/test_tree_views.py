"""/orgs/: the system administrator manages the tree, a municipal specialist reads their
municipality's part of it, nobody else gets in."""

from django.urls import reverse

from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ALL_WHO, check_matrix
from parta.organizations.models import Organization

READERS = {"municipal_specialist", "superuser"}
WRITERS = {"superuser"}


def test_tree_page_matrix(client, world):
    check_matrix(client, world, lambda sw: reverse("organizations:org_tree"), allowed=READERS)


def test_detail_page_matrix(client, world):
    check_matrix(
        client,
        world,
        lambda sw: reverse("organizations:org_detail", args=[sw.school.pk]),
        allowed=READERS,
    )


def test_create_and_edit_pages_matrix(client, world):
    check_matrix(client, world, lambda sw: reverse("organizations:org_create"), allowed=WRITERS)
    check_matrix(
        client,
        world,
        lambda sw: reverse("organizations:org_edit", args=[sw.school.pk]),
        allowed=WRITERS,
    )


def test_denied_posts_change_nothing(client, world):
    before = list(Organization.objects.values_list("pk", "short_name", "parent_id"))
    denied = set(ALL_WHO) - WRITERS
    check_matrix(
        client,
        world,
        lambda sw: reverse("organizations:org_create"),
        allowed=set(),
        who=denied,
        method="post",
        data={
            "kind": "school",
            "parent": world.municipality.pk,
            "full_name": "X",
            "short_name": "X",
            "timezone": "Europe/Moscow",
        },
    )
    check_matrix(
        client,
        world,
        lambda sw: reverse("organizations:org_edit", args=[sw.school.pk]),
        allowed=set(),
        who=denied,
        method="post",
        data={
            "parent": world.other_municipality.pk,
            "full_name": "X",
            "short_name": "X",
            "timezone": "Europe/Moscow",
        },
    )
    assert list(Organization.objects.values_list("pk", "short_name", "parent_id")) == before


def test_specialist_sees_only_their_municipality(client, world):
    client.force_login(world.user("municipal_specialist"))
    body = client.get(reverse("organizations:org_tree")).content.decode()
    assert world.municipality.short_name in body
    assert world.a.school.short_name in body
    assert world.b.school.short_name in body
    assert world.c_school.short_name not in body
    assert world.other_municipality.short_name not in body
    assert reverse("organizations:org_create") not in body
    for org in (world.c_school, world.other_municipality, world.region):
        response = client.get(reverse("organizations:org_detail", args=[org.pk]))
        assert response.status_code == 404


def test_superuser_sees_the_whole_tree_nested(client, world):
    client.force_login(world.user("superuser"))
    response = client.get(reverse("organizations:org_tree"))
    roots = response.context["roots"]
    region = next(node for node in roots if node.organization == world.region)
    municipalities = {node.organization for node in region.children}
    assert municipalities == {world.municipality, world.other_municipality}
    m = next(node for node in region.children if node.organization == world.municipality)
    assert {node.organization for node in m.children} == {world.a.school, world.b.school}


def test_search_keeps_the_path_to_a_match(client, world):
    client.force_login(world.user("superuser"))
    response = client.get(reverse("organizations:org_tree"), {"q": "школа c"})  # any case
    roots = response.context["roots"]
    assert [node.organization for node in roots] == [world.region]
    (municipality,) = roots[0].children
    assert municipality.organization == world.other_municipality
    assert not municipality.matched
    assert [node.organization for node in municipality.children] == [world.c_school]


def test_htmx_search_returns_only_the_tree(client, world):
    client.force_login(world.user("superuser"))
    response = client.get(
        reverse("organizations:org_tree"),
        {"q": "Школа"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="org-tree",
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="org-tree">')
    assert "<html" not in body


def test_superuser_creates_a_school_under_a_municipality(client, world):
    client.force_login(world.user("superuser"))
    form = client.get(
        reverse("organizations:org_create"),
        {"kind": "school", "parent": world.other_municipality.pk},
    )
    assert form.context["form"].initial["parent"] == world.other_municipality
    response = client.post(
        reverse("organizations:org_create"),
        {
            "kind": "school",
            "parent": world.other_municipality.pk,
            "full_name": "МБОУ СОШ № 7",
            "short_name": "Школа № 7",
            "timezone": "Asia/Omsk",
            "inn": "7707083893",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    school = Organization.objects.get(short_name="Школа № 7")
    assert school.parent == world.other_municipality
    event = AuditEvent.objects.get(object_type="organizations.organization", action="create")
    assert event.school_id == world.other_municipality.pk


def test_parent_rules_are_enforced(client, world):
    client.force_login(world.user("superuser"))
    before = Organization.objects.count()
    base = {"full_name": "X", "short_name": "X", "timezone": "Europe/Moscow", "is_active": "on"}
    # a municipality under a municipality
    response = client.post(
        reverse("organizations:org_create"),
        {**base, "kind": "municipality", "parent": world.municipality.pk},
    )
    assert response.status_code == 200
    assert "cannot belong to the selected organization" in response.content.decode()
    # a region under anything
    response = client.post(
        reverse("organizations:org_create"),
        {**base, "kind": "region", "parent": world.region.pk},
    )
    assert response.status_code == 200
    # a school cannot be a parent at all (not offered)
    response = client.post(
        reverse("organizations:org_create"),
        {**base, "kind": "school", "parent": world.a.school.pk},
    )
    assert response.status_code == 200
    assert Organization.objects.count() == before


def test_superuser_moves_a_school_but_cannot_change_its_kind(client, world):
    client.force_login(world.user("superuser"))
    school = f.OrganizationFactory.create(parent=world.municipality, short_name="Move me")
    response = client.post(
        reverse("organizations:org_edit", args=[school.pk]),
        {
            "kind": "municipality",
            "parent": world.other_municipality.pk,
            "full_name": school.full_name,
            "short_name": school.short_name,
            "timezone": school.timezone,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    school.refresh_from_db()
    assert (school.kind, school.parent) == ("school", world.other_municipality)
    event = AuditEvent.objects.get(object_type="organizations.organization", action="update")
    assert event.school_id == school.pk
    assert event.after == {"parent_id": world.other_municipality.pk}


def test_tree_query_count_is_constant(client, world, django_assert_max_num_queries):
    client.force_login(world.user("superuser"))
    url = reverse("organizations:org_tree")
    client.get(url)
    for n in range(30):
        f.OrganizationFactory.create(parent=world.municipality, short_name=f"Школа {n}")
    with django_assert_max_num_queries(8):
        response = client.get(url, {"q": "школа"})
    assert response.status_code == 200
    client.force_login(world.user("municipal_specialist"))
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
