"""Students: the list and its filters, registering, editing, and the card with its privacy
rules (a parent reaches only their children, a student only themself, a class teacher the
students of their class) and its audit of reads."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ADMINS, EVERYONE, READ_WHOLE_SCHOOL, check_matrix
from parta.people.models import Enrollment, Person, Student
from parta.people.services.persons import student_register

VALID_SNILS = "123-456-789 64"
INVALID_SNILS = "123-456-789 65"


def _student_data(sw, **overrides):
    data = {
        "last_name": "Новикова",
        "first_name": "Алиса",
        "patronymic": "Игоревна",
        "birth_date": "2015-04-12",
        "sex": "f",
        "snils": VALID_SNILS,
        "phone": "",
        "email": "",
        "address": "",
        "personal_file_number": "Н/77",
        "admission_date": sw.year.start_date.isoformat(),
        "school_class": str(sw.school_class.pk),
    }
    data.update(overrides)
    return data


# --- the role matrix ------------------------------------------------------------------------


def test_student_list_matrix(client, world):
    check_matrix(
        client,
        world,
        lambda sw: reverse("people:student_list", args=[sw.school.pk]),
        allowed=READ_WHOLE_SCHOOL,
    )


def test_card_of_a_student_with_parent_and_login_matrix(client, world):
    check_matrix(
        client,
        world,
        lambda sw: reverse("people:student_detail", args=[sw.school.pk, sw.student.pk]),
        # the personal card (people.rules.student_personal_q): HR and the municipal
        # specialist read the registry, not students' personal data
        allowed=ADMINS | {"teacher", "student", "parent"},
    )


def test_card_of_a_classmate_matrix(client, world):
    """Same class as the parent's child and the student: they get 404 all the same."""
    check_matrix(
        client,
        world,
        lambda sw: reverse("people:student_detail", args=[sw.school.pk, sw.other_student.pk]),
        allowed=ADMINS | {"teacher"},
    )


@pytest.mark.parametrize("name", ["student_create", "student_edit"])
def test_student_admin_pages_matrix(client, world, name):
    def url_for(sw):
        args = [sw.school.pk] if name == "student_create" else [sw.school.pk, sw.student.pk]
        return reverse(f"people:{name}", args=args)

    check_matrix(client, world, url_for, allowed=ADMINS)


def test_student_create_post_denied_changes_nothing(client, world):
    people, students = Person.objects.count(), Student.objects.count()
    check_matrix(
        client,
        world,
        lambda sw: reverse("people:student_create", args=[sw.school.pk]),
        allowed=set(),
        who=EVERYONE - ADMINS,
        method="post",
        data=_student_data(world.a, snils="", personal_file_number=""),
    )
    assert (Person.objects.count(), Student.objects.count()) == (people, students)


def test_student_edit_post_denied_changes_nothing(client, world):
    check_matrix(
        client,
        world,
        lambda sw: reverse("people:student_edit", args=[sw.school.pk, sw.student.pk]),
        allowed=set(),
        who=EVERYONE - ADMINS,
        method="post",
        data=_student_data(world.a, snils="", last_name="Взломов"),
    )
    assert not Person.objects.filter(last_name="Взломов").exists()


# --- privacy of the card ------------------------------------------------------------------------


def test_parent_reaches_own_child_only(client, world):
    client.force_login(world.user("parent"))
    own = reverse("people:student_detail", args=[world.a.school.pk, world.a.student.pk])
    assert client.get(own).status_code == 200
    classmate = reverse("people:student_detail", args=[world.a.school.pk, world.a.other_student.pk])
    assert client.get(classmate).status_code == 404
    stranger = f.StudentFactory.create(school=world.a.school)
    assert (
        client.get(
            reverse("people:student_detail", args=[world.a.school.pk, stranger.pk])
        ).status_code
        == 404
    )


def test_parent_with_children_in_two_schools_reaches_both_and_home_lists_both(client, world):
    from parta.accounts.models import RoleAssignment

    f.GuardianshipFactory.create(student=world.b.other_student, guardian=world.a.parent)
    RoleAssignment.objects.create(
        user=world.user("parent"), organization=world.b.school, role="parent"
    )
    client.force_login(world.user("parent"))
    url_b = reverse("people:student_detail", args=[world.b.school.pk, world.b.other_student.pk])
    assert client.get(url_b).status_code == 200
    assert (
        client.get(
            reverse("people:student_detail", args=[world.b.school.pk, world.b.student.pk])
        ).status_code
        == 404
    )
    home = client.get(reverse("people:home", args=[world.a.school.pk])).content.decode()
    assert world.a.student.person.full_name in home
    assert world.b.other_student.person.full_name in home


def test_student_reaches_only_own_card(client, world):
    client.force_login(world.user("student"))
    own = reverse("people:student_detail", args=[world.a.school.pk, world.a.student.pk])
    assert client.get(own).status_code == 200
    other = reverse("people:student_detail", args=[world.a.school.pk, world.a.other_student.pk])
    assert client.get(other).status_code == 404


def test_class_teacher_reaches_own_class_only(client, world):
    sw = world.a
    other_class = f.SchoolClassFactory.create(period_set=sw.period_set, grade=6, letter="А")
    outsider = f.EnrollmentFactory.create(school_class=other_class).student
    client.force_login(world.user("teacher"))
    for student in (sw.student, sw.other_student):
        url = reverse("people:student_detail", args=[sw.school.pk, student.pk])
        assert client.get(url).status_code == 200
    url = reverse("people:student_detail", args=[sw.school.pk, outsider.pk])
    assert client.get(url).status_code == 404


def test_teacher_without_a_class_reaches_no_card(client, world):
    client.force_login(world.user("teacher_no_class"))
    for student in (world.a.student, world.a.other_student):
        url = reverse("people:student_detail", args=[world.a.school.pk, student.pk])
        assert client.get(url).status_code == 404


def test_card_of_school_b_student_by_url_tampering_is_404(client, world):
    client.force_login(world.user("director"))
    url = reverse("people:student_detail", args=[world.a.school.pk, world.b.student.pk])
    assert client.get(url).status_code == 404


def test_reading_a_card_writes_a_view_audit_event(client, world):
    client.force_login(world.user("teacher"))
    url = reverse("people:student_detail", args=[world.a.school.pk, world.a.student.pk])
    client.get(url, REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.get(action="view")
    assert event.object_type == "people.student"
    assert event.object_id == str(world.a.student.pk)
    assert event.actor == world.user("teacher")
    assert event.school == world.a.school
    assert event.ip_address == "10.1.2.3"


def test_a_refused_card_writes_no_view_event(client, world):
    client.force_login(world.user("parent"))
    client.get(reverse("people:student_detail", args=[world.a.school.pk, world.a.other_student.pk]))
    assert not AuditEvent.objects.filter(action="view").exists()


def test_card_shows_history_parents_and_login_state_to_staff(client, world):
    client.force_login(world.user("secretary"))
    response = client.get(
        reverse("people:student_detail", args=[world.a.school.pk, world.a.student.pk])
    )
    html = response.content.decode()
    assert world.a.parent.full_name in html
    assert "a_student" in html  # the login
    assert response.context["current"].school_class == world.a.school_class


def test_parent_sees_no_login_controls(client, world):
    client.force_login(world.user("parent"))
    html = client.get(
        reverse("people:student_detail", args=[world.a.school.pk, world.a.student.pk])
    ).content.decode()
    assert "/login/reset/" not in html
    assert "/edit/" not in html


# --- the list --------------------------------------------------------------------------------------


@pytest.fixture
def roster(world):
    """5А (A.student, A.other_student), 6А (one student), and one student without a class."""
    sw = world.a
    sixth = f.SchoolClassFactory.create(period_set=sw.period_set, grade=6, letter="А")
    in_sixth = f.EnrollmentFactory.create(school_class=sixth).student
    loose = f.StudentFactory.create(school=sw.school)
    return {"sixth": sixth, "in_sixth": in_sixth, "loose": loose}


def _listed(client, world, **params):
    url = reverse("people:student_list", args=[world.a.school.pk])
    return set(client.get(url, params).context["object_list"])


def test_student_list_filters(client, world, roster):
    client.force_login(world.user("director"))
    sw = world.a
    assert _listed(client, world, school_class=sw.school_class.pk) == {sw.student, sw.other_student}
    assert _listed(client, world, grade=6) == {roster["in_sixth"]}
    assert _listed(client, world, without_class="on") == {roster["loose"]}
    assert _listed(client, world) == {
        sw.student,
        sw.other_student,
        roster["in_sixth"],
        roster["loose"],
    }


def test_student_list_shows_current_class(client, world, roster):
    client.force_login(world.user("director"))
    html = client.get(
        reverse("people:student_list", args=[world.a.school.pk]), {"grade": 6}
    ).content.decode()
    assert "6А" in html
    assert reverse("people:student_detail", args=[world.a.school.pk, roster["in_sixth"].pk]) in html


def test_student_list_query_count_is_constant(client, world, django_assert_max_num_queries):
    client.force_login(world.user("director"))
    url = reverse("people:student_list", args=[world.a.school.pk])
    client.get(url)
    for _n in range(30):
        f.EnrollmentFactory.create(school_class=world.a.school_class)
    with django_assert_max_num_queries(12):
        response = client.get(url, {"grade": 5})
    assert len(response.context["object_list"]) == 25


# --- registering and editing -------------------------------------------------------------------------


def test_admin_registers_a_student_with_a_class_in_one_step(client, world):
    sw = world.a
    client.force_login(world.user("director"))
    response = client.post(reverse("people:student_create", args=[sw.school.pk]), _student_data(sw))
    student = Student.objects.get(personal_file_number="Н/77")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:student_detail", args=[sw.school.pk, student.pk])
    assert student.person.snils == VALID_SNILS
    enrollment = student.enrollments.get()
    assert (enrollment.school_class, enrollment.start_date) == (sw.school_class, sw.year.start_date)
    types = set(AuditEvent.objects.filter(action="create").values_list("object_type", flat=True))
    assert {"people.person", "people.student", "people.enrollment"} <= types


def test_snils_is_accepted_without_separators_and_stored_formatted(client, world):
    client.force_login(world.user("director"))
    client.post(
        reverse("people:student_create", args=[world.a.school.pk]),
        _student_data(world.a, snils="12345678964"),
    )
    assert Person.objects.get(last_name="Новикова").snils == VALID_SNILS


def test_invalid_snils_is_refused_with_a_message_and_nothing_saved(client, world):
    people, students, rows = (
        Person.objects.count(),
        Student.objects.count(),
        Enrollment.objects.count(),
    )
    client.force_login(world.user("director"))
    response = client.post(
        reverse("people:student_create", args=[world.a.school.pk]),
        _student_data(world.a, snils=INVALID_SNILS),
    )
    assert response.status_code == 200
    person_form = response.context["sections"][0][1]
    assert "snils" in person_form.errors
    assert (Person.objects.count(), Student.objects.count(), Enrollment.objects.count()) == (
        people,
        students,
        rows,
    )


def test_duplicate_file_number_keeps_no_person_behind(client, world):
    """The student fails after the person was written: the transaction keeps neither."""
    people = Person.objects.count()
    client.force_login(world.user("director"))
    response = client.post(
        reverse("people:student_create", args=[world.a.school.pk]),
        _student_data(world.a, personal_file_number=world.a.student.personal_file_number),
    )
    assert response.status_code == 200
    assert Person.objects.count() == people
    assert not AuditEvent.objects.filter(object_type="people.person").exists()


def test_register_service_is_atomic_when_the_enrollment_fails(world):
    sw = world.a
    people, students = Person.objects.count(), Student.objects.count()
    with pytest.raises(ValidationError):
        student_register(
            actor=Actor(user=world.user("director")),
            school_id=sw.school.pk,
            person_fields={"last_name": "Поздняков", "first_name": "Ян"},
            admission_date=sw.year.end_date + datetime.timedelta(days=30),
            school_class=sw.school_class,
        )
    assert (Person.objects.count(), Student.objects.count()) == (people, students)


def test_register_service_refuses_a_class_of_another_school(world):
    with pytest.raises(ValidationError):
        student_register(
            actor=Actor(user=world.user("director")),
            school_id=world.a.school.pk,
            person_fields={"last_name": "Поздняков", "first_name": "Ян"},
            school_class=world.b.school_class,
        )
    assert not Person.objects.filter(last_name="Поздняков").exists()


def test_class_of_another_school_in_the_form_is_refused(client, world):
    client.force_login(world.user("director"))
    response = client.post(
        reverse("people:student_create", args=[world.a.school.pk]),
        _student_data(world.a, school_class=str(world.b.school_class.pk)),
    )
    assert response.status_code == 200
    assert not Person.objects.filter(last_name="Новикова").exists()


def test_admin_edits_person_and_student_data_and_it_is_audited(client, world):
    sw = world.a
    client.force_login(world.user("director"))
    url = reverse("people:student_edit", args=[sw.school.pk, sw.student.pk])
    form_data = {
        "last_name": sw.student.person.last_name,
        "first_name": "Павел",
        "patronymic": sw.student.person.patronymic,
        "birth_date": "2014-03-01",
        "sex": "m",
        "snils": "",
        "phone": "+7 900 000-00-00",
        "email": "",
        "address": "",
        "personal_file_number": "П/1",
        "admission_date": "",
        "withdrawal_date": "",
    }
    response = client.post(url, form_data)
    assert response.status_code == 302
    sw.student.refresh_from_db()
    sw.student.person.refresh_from_db()
    assert sw.student.person.first_name == "Павел"
    assert sw.student.personal_file_number == "П/1"
    person_event = AuditEvent.objects.get(action="update", object_type="people.person")
    assert person_event.before is not None
    assert person_event.after is not None
    assert person_event.before["first_name"] == "Пётр"
    assert person_event.after["first_name"] == "Павел"
    assert AuditEvent.objects.filter(action="update", object_type="people.student").exists()


def test_edit_with_invalid_snils_changes_nothing(client, world):
    sw = world.a
    client.force_login(world.user("director"))
    url = reverse("people:student_edit", args=[sw.school.pk, sw.student.pk])
    response = client.post(
        url,
        {
            "last_name": "Новое",
            "first_name": "Имя",
            "snils": INVALID_SNILS,
            "personal_file_number": "X/1",
        },
    )
    assert response.status_code == 200
    sw.student.person.refresh_from_db()
    assert sw.student.person.last_name != "Новое"
