"""Parents on the student card: pick someone the school knows or enter a new person; the
parent role follows the links; a person the school does not know cannot be linked."""

from django.urls import reverse

from parta.accounts.models import RoleAssignment
from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ADMINS, EVERYONE, check_matrix
from parta.people.models import Guardianship, Person


def _add_url(sw):
    return reverse("people:guardian_add", args=[sw.school.pk, sw.student.pk])


def test_add_page_matrix(client, world):
    check_matrix(client, world, _add_url, allowed=ADMINS)


def test_remove_page_matrix(client, world):
    check_matrix(
        client,
        world,
        lambda sw: reverse(
            "people:guardian_remove", args=[sw.school.pk, sw.student.pk, sw.guardianship.pk]
        ),
        allowed=ADMINS,
    )


def test_denied_posts_change_nothing(client, world):
    links = Guardianship.objects.count()
    check_matrix(
        client,
        world,
        _add_url,
        allowed=set(),
        who=EVERYONE - ADMINS,
        method="post",
        data={"mode": "new", "last_name": "Чужой", "first_name": "Ч", "relation": "father"},
    )
    check_matrix(
        client,
        world,
        lambda sw: reverse(
            "people:guardian_remove", args=[sw.school.pk, sw.student.pk, sw.guardianship.pk]
        ),
        allowed=set(),
        who=EVERYONE - ADMINS,
        method="post",
    )
    assert Guardianship.objects.count() == links
    assert not Person.objects.filter(last_name="Чужой").exists()


def test_search_finds_people_of_the_school_only(client, world):
    client.force_login(world.user("director"))
    response = client.get(_add_url(world.a), {"q": "Родителева"})
    assert response.context["results"] == [world.a.parent]  # not Родителеваb of school B
    staff = client.get(_add_url(world.a), {"q": "Предметникова"}).context["results"]
    assert [p.last_name for p in staff] == ["Предметниковаa"]


def test_search_by_snils(client, world):
    world.a.parent.snils = "987-654-321 83"
    world.a.parent.save()
    client.force_login(world.user("director"))
    response = client.get(_add_url(world.a), {"q": "98765432183"})
    assert response.context["results"] == [world.a.parent]


def test_search_htmx_returns_the_results_only(client, world):
    client.force_login(world.user("director"))
    response = client.get(
        _add_url(world.a),
        {"q": "Родителева"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="person-results",
    )
    html = response.content.decode()
    assert 'id="person-results"' in html
    assert "<html" not in html
    assert world.a.parent.full_name in html


def test_admin_links_an_existing_person_and_the_parent_role_is_granted(client, world):
    """A teacher of the school (with a login) becomes the parent of the other student."""
    sw = world.a
    teacher_person = sw.class_teacher.person
    client.force_login(world.user("director"))
    url = reverse("people:guardian_add", args=[sw.school.pk, sw.other_student.pk])
    response = client.post(
        url,
        {
            "mode": "existing",
            "guardian": teacher_person.pk,
            "relation": "mother",
            "is_legal_representative": "on",
        },
    )
    assert response.status_code == 302
    link = Guardianship.objects.get(student=sw.other_student, guardian=teacher_person)
    assert link.is_legal_representative
    assert RoleAssignment.objects.filter(
        user=teacher_person.user, organization=sw.school, role="parent"
    ).exists()


def test_admin_adds_a_new_person_as_parent(client, world):
    sw = world.a
    client.force_login(world.user("director"))
    response = client.post(
        _add_url(sw),
        {
            "mode": "new",
            "last_name": "Ученикова",
            "first_name": "Ольга",
            "patronymic": "Сергеевна",
            "snils": "345-678-901 23",
            "phone": "+7 900 111-22-33",
            "relation": "mother",
            "is_legal_representative": "on",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(last_name="Ученикова")
    assert Guardianship.objects.filter(student=sw.student, guardian=person).exists()
    types = set(AuditEvent.objects.filter(action="create").values_list("object_type", flat=True))
    assert {"people.person", "people.guardianship"} <= types


def test_new_person_with_invalid_snils_saves_nothing(client, world):
    people, links = Person.objects.count(), Guardianship.objects.count()
    client.force_login(world.user("director"))
    response = client.post(
        _add_url(world.a),
        {
            "mode": "new",
            "last_name": "Ошибкина",
            "first_name": "О",
            "snils": "345-678-901 24",
            "relation": "mother",
        },
    )
    assert response.status_code == 200
    assert "snils" in response.context["person_form"].errors
    assert (Person.objects.count(), Guardianship.objects.count()) == (people, links)


def test_new_person_with_a_taken_snils_is_told_to_search(client, world):
    world.b.parent.snils = "345-678-901 23"
    world.b.parent.save()
    client.force_login(world.user("director"))
    response = client.post(
        _add_url(world.a),
        {
            "mode": "new",
            "last_name": "Двойник",
            "first_name": "Д",
            "snils": "345-678-901 23",
            "relation": "father",
        },
    )
    assert response.status_code == 200
    assert "SNILS" in str(response.context["person_form"].errors) or "СНИЛС" in str(
        response.context["person_form"].errors
    )
    assert not Person.objects.filter(last_name="Двойник").exists()


def test_linking_a_person_known_only_to_another_school_is_refused(client, world):
    """Id tampering: school B's parent is not offered in A and cannot be posted."""
    links = Guardianship.objects.count()
    client.force_login(world.user("director"))
    response = client.post(
        _add_url(world.a),
        {"mode": "existing", "guardian": world.b.parent.pk, "relation": "mother"},
    )
    assert response.status_code == 200
    errors = response.context["pick_form"].errors["guardian"]
    assert errors
    assert Guardianship.objects.count() == links


def test_student_cannot_be_own_parent(client, world):
    client.force_login(world.user("director"))
    response = client.post(
        _add_url(world.a),
        {"mode": "existing", "guardian": world.a.student.person.pk, "relation": "other"},
    )
    assert response.status_code == 200
    assert response.context["pick_form"].errors
    assert not Guardianship.objects.filter(guardian=world.a.student.person).exists()


def test_duplicate_link_gets_a_message(client, world):
    client.force_login(world.user("director"))
    response = client.post(
        _add_url(world.a), {"mode": "existing", "guardian": world.a.parent.pk, "relation": "mother"}
    )
    assert response.status_code == 200
    assert response.context["pick_form"].non_field_errors()
    assert Guardianship.objects.filter(guardian=world.a.parent).count() == 1


def test_removing_the_last_link_revokes_the_parent_role(client, world):
    sw = world.a
    client.force_login(world.user("director"))
    url = reverse("people:guardian_remove", args=[sw.school.pk, sw.student.pk, sw.guardianship.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert not Guardianship.objects.filter(pk=sw.guardianship.pk).exists()
    assert not RoleAssignment.objects.filter(
        user=world.user("parent"), organization=sw.school, role="parent"
    ).exists()
    assert AuditEvent.objects.filter(action="delete", object_type="people.guardianship").exists()


def test_removing_one_of_two_children_keeps_the_parent_role(client, world):
    sw = world.a
    f.GuardianshipFactory.create(student=sw.other_student, guardian=sw.parent)
    client.force_login(world.user("director"))
    url = reverse("people:guardian_remove", args=[sw.school.pk, sw.student.pk, sw.guardianship.pk])
    client.post(url)
    assert RoleAssignment.objects.filter(
        user=world.user("parent"), organization=sw.school, role="parent"
    ).exists()


def test_link_of_another_student_cannot_be_removed_through_this_card(client, world):
    sw = world.a
    client.force_login(world.user("director"))
    url = reverse(
        "people:guardian_remove", args=[sw.school.pk, sw.other_student.pk, sw.guardianship.pk]
    )
    assert client.post(url).status_code == 404
    assert Guardianship.objects.filter(pk=sw.guardianship.pk).exists()
