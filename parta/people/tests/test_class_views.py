"""Classes: the list with its filters, create and edit, the class page and enrolling from it."""

import datetime

import pytest
from django.urls import reverse

from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ADMINS, EVERYONE, READ_WHOLE_SCHOOL, check_matrix
from parta.organizations.models import AcademicYear, PeriodSet
from parta.people.models import Enrollment, SchoolClass

CLASS_READERS = READ_WHOLE_SCHOOL | {"teacher"}  # "teacher" is the class teacher of 5А


def _class_data(sw, **overrides):
    data = {
        "grade": "6",
        "letter": "б",
        "academic_year": str(sw.year.pk),
        "class_teacher": "",
        "home_room": str(sw.room.pk),
        "period_set": str(sw.period_set.pk),
        "extra_holiday_set": "",
        "profile": "",
    }
    data.update(overrides)
    return data


# --- the role matrix -----------------------------------------------------------------------


def test_class_list_matrix(client, world):
    check_matrix(
        client,
        world,
        lambda sw: reverse("people:class_list", args=[sw.school.pk]),
        allowed=EVERYONE,
        other_school_allowed={"municipal_specialist", "superuser"},
    )


def test_class_page_matrix(client, world):
    check_matrix(
        client,
        world,
        lambda sw: reverse("people:class_detail", args=[sw.school.pk, sw.school_class.pk]),
        allowed=CLASS_READERS,
    )


@pytest.mark.parametrize("name", ["class_create", "class_edit", "class_enroll", "class_logins"])
def test_class_admin_pages_matrix(client, world, name):
    def url_for(sw):
        args = [sw.school.pk] if name == "class_create" else [sw.school.pk, sw.school_class.pk]
        return reverse(f"people:{name}", args=args)

    check_matrix(client, world, url_for, allowed=ADMINS)


def test_class_create_post_denied_changes_nothing(client, world):
    before = SchoolClass.objects.count()
    check_matrix(
        client,
        world,
        lambda sw: reverse("people:class_create", args=[sw.school.pk]),
        allowed=set(),
        who=EVERYONE - ADMINS,
        method="post",
        data=_class_data(world.a),
    )
    assert SchoolClass.objects.count() == before


def test_enroll_post_denied_changes_nothing(client, world):
    newcomer = f.StudentFactory.create(school=world.a.school)
    before = Enrollment.objects.count()
    check_matrix(
        client,
        world,
        lambda sw: reverse("people:class_enroll", args=[sw.school.pk, sw.school_class.pk]),
        allowed=set(),
        who=EVERYONE - ADMINS,
        method="post",
        data={"student": newcomer.pk, "start_date": world.a.year.start_date.isoformat()},
    )
    assert Enrollment.objects.count() == before


# --- who opens which class page ---------------------------------------------------------------


def test_class_teacher_opens_only_own_class(client, world):
    other = f.SchoolClassFactory.create(period_set=world.a.period_set, grade=7, letter="В")
    client.force_login(world.user("teacher"))
    own = client.get(
        reverse("people:class_detail", args=[world.a.school.pk, world.a.school_class.pk])
    )
    assert own.status_code == 200
    assert world.a.student.person.full_name in own.content.decode()
    response = client.get(reverse("people:class_detail", args=[world.a.school.pk, other.pk]))
    assert response.status_code == 404


def test_class_list_links_class_page_only_where_it_opens(client, world):
    f.SchoolClassFactory.create(period_set=world.a.period_set, grade=7, letter="В")
    client.force_login(world.user("teacher"))
    html = client.get(reverse("people:class_list", args=[world.a.school.pk])).content.decode()
    assert reverse("people:class_detail", args=[world.a.school.pk, world.a.school_class.pk]) in html
    other = SchoolClass.objects.get(grade=7)
    assert reverse("people:class_detail", args=[world.a.school.pk, other.pk]) not in html


# --- the list's filters ---------------------------------------------------------------------------


def _other_year(sw):
    start = sw.year.start_date.replace(year=sw.year.start_date.year - 1)
    year = AcademicYear.objects.create(
        school=sw.school,
        name=f"{start.year}/{start.year + 1}",
        start_date=start,
        end_date=datetime.date(start.year + 1, 5, 31),
    )
    period_set = PeriodSet.objects.create(
        school=sw.school, academic_year=year, kind="quarters", name="Четверти"
    )
    return year, period_set


def test_class_list_shows_the_current_year_by_default(client, world):
    year, period_set = _other_year(world.a)
    old = SchoolClass.objects.create(
        school=world.a.school, academic_year=year, period_set=period_set, grade=4, letter="А"
    )
    client.force_login(world.user("director"))
    url = reverse("people:class_list", args=[world.a.school.pk])
    current = client.get(url).context["object_list"]
    assert list(current) == [world.a.school_class]
    chosen = client.get(url, {"academic_year": year.pk}).context["object_list"]
    assert list(chosen) == [old]
    everything = client.get(url, {"academic_year": ""}).context["object_list"]
    assert set(everything) == {old, world.a.school_class}


def test_class_list_grade_filter(client, world):
    seventh = f.SchoolClassFactory.create(period_set=world.a.period_set, grade=7, letter="В")
    client.force_login(world.user("director"))
    url = reverse("people:class_list", args=[world.a.school.pk])
    assert list(client.get(url, {"grade": "7"}).context["object_list"]) == [seventh]


def test_class_list_htmx_returns_the_table_only(client, world):
    client.force_login(world.user("director"))
    url = reverse("people:class_list", args=[world.a.school.pk])
    response = client.get(
        url, {"grade": "5"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="registry-table"
    )
    html = response.content.decode()
    assert 'id="registry-table"' in html
    assert "<html" not in html


# --- create and edit --------------------------------------------------------------------------------


def test_admin_creates_a_class_and_lands_on_its_page(client, world):
    client.force_login(world.user("secretary"))
    url = reverse("people:class_create", args=[world.a.school.pk])
    response = client.post(url, _class_data(world.a, class_teacher=str(world.a.class_teacher.pk)))
    created = SchoolClass.objects.get(school=world.a.school, grade=6)
    assert created.letter == "Б"
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "people:class_detail", args=[world.a.school.pk, created.pk]
    )
    assert AuditEvent.objects.filter(
        action="create", object_type="people.schoolclass", object_id=str(created.pk)
    ).exists()


def test_create_form_preselects_the_current_year_and_its_only_period_set(client, world):
    client.force_login(world.user("director"))
    form = client.get(reverse("people:class_create", args=[world.a.school.pk])).context["form"]
    assert form.initial["academic_year"] == world.a.year.pk
    assert form.initial["period_set"] == world.a.period_set.pk


def test_class_teacher_of_another_school_is_refused(client, world):
    client.force_login(world.user("director"))
    url = reverse("people:class_create", args=[world.a.school.pk])
    response = client.post(url, _class_data(world.a, class_teacher=str(world.b.class_teacher.pk)))
    assert response.status_code == 200
    assert response.context["form"].errors["class_teacher"]
    assert not SchoolClass.objects.filter(grade=6).exists()


def test_period_set_of_another_year_is_refused(client, world):
    _year, period_set = _other_year(world.a)
    client.force_login(world.user("director"))
    url = reverse("people:class_create", args=[world.a.school.pk])
    response = client.post(url, _class_data(world.a, period_set=str(period_set.pk)))
    assert response.status_code == 200
    assert "period_set" in response.context["form"].errors
    assert not SchoolClass.objects.filter(grade=6).exists()


def test_duplicate_class_gets_a_clear_message(client, world):
    client.force_login(world.user("director"))
    url = reverse("people:class_create", args=[world.a.school.pk])
    response = client.post(url, _class_data(world.a, grade="5", letter="а"))
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert any("grade and letter" in str(e) or "параллел" in str(e) for e in errors), errors
    assert SchoolClass.objects.filter(school=world.a.school, grade=5).count() == 1


def test_year_of_a_class_with_students_cannot_change(client, world):
    year, period_set = _other_year(world.a)
    client.force_login(world.user("director"))
    url = reverse("people:class_edit", args=[world.a.school.pk, world.a.school_class.pk])
    data = _class_data(
        world.a, grade="5", letter="А", academic_year=str(year.pk), period_set=str(period_set.pk)
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "academic_year" in response.context["form"].errors
    world.a.school_class.refresh_from_db()
    assert world.a.school_class.academic_year == world.a.year


def test_edit_is_audited(client, world):
    client.force_login(world.user("director"))
    url = reverse("people:class_edit", args=[world.a.school.pk, world.a.school_class.pk])
    data = _class_data(
        world.a,
        grade="5",
        letter="А",
        profile="физмат",
        class_teacher=str(world.a.class_teacher.pk),
    )
    response = client.post(url, data)
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="update", object_type="people.schoolclass")
    assert event.after == {"profile": "физмат"}


# --- the class page ----------------------------------------------------------------------------------


def test_class_page_shows_roster_on_a_date_with_arrivals_and_leavers(client, world):
    sw = world.a
    start = sw.year.start_date
    leaver = sw.other_student.enrollments.get()
    leaver.end_date = start + datetime.timedelta(days=20)
    leaver.reason = "переезд"
    leaver.save()
    newcomer = f.StudentFactory.create(school=sw.school)
    f.EnrollmentFactory.create(
        school_class=sw.school_class,
        student=newcomer,
        start_date=start + datetime.timedelta(days=30),
    )
    client.force_login(world.user("director"))
    url = reverse("people:class_detail", args=[sw.school.pk, sw.school_class.pk])

    early = client.get(url, {"date": (start + datetime.timedelta(days=5)).isoformat()})
    roster = early.context["roster"]
    assert [r.enrollment.student for r in roster.current] == sorted(
        [sw.student, sw.other_student], key=lambda s: (s.person.last_name, s.person.first_name)
    )
    assert [r.enrollment.student for r in roster.coming] == [newcomer]

    later = client.get(url, {"date": (start + datetime.timedelta(days=40)).isoformat()})
    roster = later.context["roster"]
    assert {r.enrollment.student for r in roster.current} == {sw.student, newcomer}
    assert [r.number for r in roster.current] == [1, 2]
    assert [r.enrollment.student for r in roster.left] == [sw.other_student]
    arrived = next(r for r in roster.current if r.enrollment.student == newcomer)
    assert arrived.arrived
    html = later.content.decode()
    assert "переезд" in html
    assert (start + datetime.timedelta(days=20)).strftime("%d.%m.%Y") in html


def test_class_page_shows_class_teacher_and_groups(client, world):
    group = f.StudyGroupFactory.create(school_class=world.a.school_class, name="5А англ. 1")
    client.force_login(world.user("deputy_director"))
    response = client.get(
        reverse("people:class_detail", args=[world.a.school.pk, world.a.school_class.pk])
    )
    html = response.content.decode()
    assert world.a.class_teacher.person.full_name in html
    assert group.name in html


# --- enrolling from the class page -----------------------------------------------------------------


def test_admin_enrolls_a_student_without_a_class(client, world):
    newcomer = f.StudentFactory.create(school=world.a.school)
    client.force_login(world.user("director"))
    url = reverse("people:class_enroll", args=[world.a.school.pk, world.a.school_class.pk])
    page = client.get(url)
    choices = list(page.context["form"].fields["student"].queryset)
    assert choices == [newcomer]  # the enrolled students are not offered
    day = world.a.year.start_date + datetime.timedelta(days=10)
    response = client.post(url, {"student": newcomer.pk, "start_date": day.isoformat()})
    assert response.status_code == 302
    enrollment = Enrollment.objects.get(student=newcomer)
    assert (enrollment.school_class, enrollment.start_date) == (world.a.school_class, day)


def test_enrolling_a_student_who_is_in_a_class_is_refused(client, world):
    client.force_login(world.user("director"))
    other = f.SchoolClassFactory.create(period_set=world.a.period_set, grade=5, letter="Б")
    url = reverse("people:class_enroll", args=[world.a.school.pk, other.pk])
    response = client.post(
        url, {"student": world.a.student.pk, "start_date": world.a.year.start_date.isoformat()}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["student"]
    assert world.a.student.enrollments.count() == 1


def test_enrolling_a_student_of_another_school_is_refused(client, world):
    newcomer = f.StudentFactory.create(school=world.b.school)
    client.force_login(world.user("director"))
    url = reverse("people:class_enroll", args=[world.a.school.pk, world.a.school_class.pk])
    response = client.post(
        url, {"student": newcomer.pk, "start_date": world.a.year.start_date.isoformat()}
    )
    assert response.status_code == 200
    assert not Enrollment.objects.filter(student=newcomer).exists()


def test_two_classes_at_once_through_an_open_ended_row_gets_the_model_message(client, world):
    """A student who is in no class today but has a row starting later is offered; enrolling
    over that row is refused with the model's message, nothing saved."""
    sw = world.a
    student = f.StudentFactory.create(school=sw.school)
    other = f.SchoolClassFactory.create(period_set=sw.period_set, grade=5, letter="Б")
    f.EnrollmentFactory.create(
        school_class=other,
        student=student,
        start_date=sw.year.end_date - datetime.timedelta(days=5),
    )
    client.force_login(world.user("director"))
    url = reverse("people:class_enroll", args=[sw.school.pk, sw.school_class.pk])
    response = client.post(
        url, {"student": student.pk, "start_date": sw.year.start_date.isoformat()}
    )
    assert response.status_code == 200
    messages = " ".join(str(e) for e in response.context["form"].non_field_errors())
    assert "5Б" in messages
    assert student.enrollments.count() == 1


# --- query counts --------------------------------------------------------------------------------------


def test_class_list_query_count_is_constant(client, world, django_assert_max_num_queries):
    client.force_login(world.user("director"))
    url = reverse("people:class_list", args=[world.a.school.pk])
    client.get(url)
    for n in range(30):
        teacher = f.StaffMemberFactory.create(school=world.a.school)
        f.SchoolClassFactory.create(
            period_set=world.a.period_set, grade=1 + n % 11, letter=f"Л{n}", class_teacher=teacher
        )
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 25


def test_class_page_query_count_is_constant(client, world, django_assert_max_num_queries):
    sw = world.a
    client.force_login(world.user("director"))
    url = reverse("people:class_detail", args=[sw.school.pk, sw.school_class.pk])
    client.get(url)
    for _n in range(30):
        f.EnrollmentFactory.create(school_class=sw.school_class)
    for n in range(3):
        f.StudyGroupFactory.create(school_class=sw.school_class, name=f"Группа {n}")
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert len(response.context["roster"].current) == 32
