"""Study groups: list, create and edit, members (bulk add, validation, end, delete) and
splitting a class into two subgroups."""

import datetime

import pytest
from django.urls import reverse

from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ADMINS, EVERYONE, READ_WHOLE_SCHOOL, check_matrix
from parta.curriculum.models import Subject
from parta.people.models import StudyGroup, StudyGroupMembership


@pytest.fixture
def groups(world):
    """A subgroup of 5А in each school."""
    return {
        key: f.StudyGroupFactory.create(
            school_class=getattr(world, key).school_class, name=f"5А англ. {key}"
        )
        for key in ("a", "b")
    }


def _key(world, sw):
    return "a" if sw is world.a else "b"


def _day(sw, offset):
    return sw.year.start_date + datetime.timedelta(days=offset)


# --- the role matrix ---------------------------------------------------------------------------


def test_group_list_matrix(client, world):
    check_matrix(
        client,
        world,
        lambda sw: reverse("people:group_list", args=[sw.school.pk]),
        allowed=READ_WHOLE_SCHOOL,
    )


def test_group_page_matrix(client, world, groups):
    check_matrix(
        client,
        world,
        lambda sw: reverse("people:group_detail", args=[sw.school.pk, groups[_key(world, sw)].pk]),
        allowed=READ_WHOLE_SCHOOL,
    )


@pytest.mark.parametrize("name", ["group_create", "group_edit", "class_split"])
def test_group_admin_pages_matrix(client, world, groups, name):
    def url_for(sw):
        if name == "group_create":
            return reverse("people:group_create", args=[sw.school.pk])
        if name == "class_split":
            return reverse("people:class_split", args=[sw.school.pk, sw.school_class.pk])
        return reverse("people:group_edit", args=[sw.school.pk, groups[_key(world, sw)].pk])

    check_matrix(client, world, url_for, allowed=ADMINS)


def test_denied_group_posts_change_nothing(client, world, groups):
    member = StudyGroupMembership.objects.create(
        school=world.a.school,
        group=groups["a"],
        student=world.a.other_student,
        start_date=world.a.year.start_date,
    )
    before = (StudyGroup.objects.count(), StudyGroupMembership.objects.count())
    denied = EVERYONE - ADMINS
    check_matrix(
        client,
        world,
        lambda sw: reverse("people:group_create", args=[sw.school.pk]),
        allowed=set(),
        who=denied,
        method="post",
        data={"academic_year": world.a.year.pk, "kind": "cross_class", "name": "X", "grade": 5},
    )
    check_matrix(
        client,
        world,
        lambda sw: reverse("people:group_detail", args=[sw.school.pk, groups[_key(world, sw)].pk]),
        allowed=set(),
        who=denied,
        method="post",
        data={"students": [world.a.student.pk], "start_date": world.a.year.start_date.isoformat()},
    )
    check_matrix(
        client,
        world,
        lambda sw: reverse("people:class_split", args=[sw.school.pk, sw.school_class.pk]),
        allowed=set(),
        who=denied,
        method="post",
        data={"name_1": "1", "name_2": "2", "start_date": world.a.year.start_date.isoformat()},
    )
    for name in ("group_member_end", "group_member_delete"):

        def url_for(sw, name=name):
            return reverse(
                f"people:{name}", args=[sw.school.pk, groups[_key(world, sw)].pk, member.pk]
            )

        check_matrix(
            client,
            world,
            url_for,
            allowed=set(),
            who=denied,
            method="post",
            data={"end_date": _day(world.a, 30).isoformat()},
        )
    assert (StudyGroup.objects.count(), StudyGroupMembership.objects.count()) == before
    member.refresh_from_db()
    assert member.end_date is None


# --- list, create, edit ------------------------------------------------------------------------------


def test_group_list_filters_and_counts(client, world, groups):
    sw = world.a
    cross = StudyGroup.objects.create(
        school=sw.school, academic_year=sw.year, kind="cross_class", name="Профиль 9", grade=9
    )
    StudyGroupMembership.objects.create(
        school=sw.school, group=groups["a"], student=sw.student, start_date=sw.year.start_date
    )
    client.force_login(world.user("director"))
    url = reverse("people:group_list", args=[sw.school.pk])
    listed = {g.pk: g for g in client.get(url).context["object_list"]}
    assert set(listed) == {groups["a"].pk, cross.pk}
    assert listed[groups["a"].pk].member_count == 1
    assert list(client.get(url, {"kind": "cross_class"}).context["object_list"]) == [cross]
    assert list(client.get(url, {"grade": 5}).context["object_list"]) == [groups["a"]]


def test_admin_creates_a_cross_class_group_with_a_subject(client, world):
    subject = Subject.objects.filter(school__isnull=True).first()
    client.force_login(world.user("director"))
    response = client.post(
        reverse("people:group_create", args=[world.a.school.pk]),
        {
            "academic_year": world.a.year.pk,
            "kind": "cross_class",
            "name": "Профиль 10",
            "grade": 10,
            "subject": subject.pk if subject else "",
        },
    )
    assert response.status_code == 302
    group = StudyGroup.objects.get(name="Профиль 10")
    assert (group.grade, group.school_class) == (10, None)


def test_subgroup_takes_the_grade_of_its_class(client, world):
    client.force_login(world.user("director"))
    client.post(
        reverse("people:group_create", args=[world.a.school.pk]),
        {
            "academic_year": world.a.year.pk,
            "kind": "subgroup",
            "name": "5А инф. 1",
            "school_class": world.a.school_class.pk,
        },
    )
    assert StudyGroup.objects.get(name="5А инф. 1").grade == 5


def test_subgroup_needs_a_class(client, world):
    client.force_login(world.user("director"))
    response = client.post(
        reverse("people:group_create", args=[world.a.school.pk]),
        {"academic_year": world.a.year.pk, "kind": "subgroup", "name": "Без класса"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["school_class"]


def test_subgroup_of_another_schools_class_is_refused(client, world):
    client.force_login(world.user("director"))
    response = client.post(
        reverse("people:group_create", args=[world.a.school.pk]),
        {
            "academic_year": world.a.year.pk,
            "kind": "subgroup",
            "name": "Чужая",
            "school_class": world.b.school_class.pk,
        },
    )
    assert response.status_code == 200
    assert not StudyGroup.objects.filter(name="Чужая").exists()


def test_group_with_members_keeps_its_class(client, world, groups):
    sw = world.a
    other = f.SchoolClassFactory.create(period_set=sw.period_set, grade=6, letter="А")
    StudyGroupMembership.objects.create(
        school=sw.school, group=groups["a"], student=sw.student, start_date=sw.year.start_date
    )
    client.force_login(world.user("director"))
    url = reverse("people:group_edit", args=[sw.school.pk, groups["a"].pk])
    response = client.post(
        url,
        {
            "academic_year": sw.year.pk,
            "kind": "subgroup",
            "name": "Новое имя",
            "school_class": other.pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["school_class"]
    groups["a"].refresh_from_db()
    assert groups["a"].school_class == sw.school_class
    renamed = client.post(
        url,
        {
            "academic_year": sw.year.pk,
            "kind": "subgroup",
            "name": "Новое имя",
            "school_class": sw.school_class.pk,
        },
    )
    assert renamed.status_code == 302
    groups["a"].refresh_from_db()
    assert groups["a"].name == "Новое имя"


# --- members ------------------------------------------------------------------------------------------


def test_bulk_add_from_the_class_roster(client, world, groups):
    sw = world.a
    client.force_login(world.user("director"))
    url = reverse("people:group_detail", args=[sw.school.pk, groups["a"].pk])
    page = client.get(url)
    offered = set(page.context["add_form"].fields["students"].queryset)
    assert offered == {sw.student, sw.other_student}
    response = client.post(
        url,
        {"students": [sw.student.pk, sw.other_student.pk], "start_date": _day(sw, 3).isoformat()},
    )
    assert response.status_code == 302
    assert StudyGroupMembership.objects.filter(group=groups["a"]).count() == 2
    assert (
        AuditEvent.objects.filter(
            action="create", object_type="people.studygroupmembership"
        ).count()
        == 2
    )
    again = client.get(url)
    assert not again.context["add_form"].fields["students"].queryset.exists()


def test_add_of_a_student_not_in_the_class_is_refused(client, world, groups):
    sw = world.a
    other_class = f.SchoolClassFactory.create(period_set=sw.period_set, grade=6, letter="А")
    outsider = f.EnrollmentFactory.create(school_class=other_class).student
    client.force_login(world.user("director"))
    url = reverse("people:group_detail", args=[sw.school.pk, groups["a"].pk])
    response = client.post(
        url, {"students": [sw.student.pk, outsider.pk], "start_date": _day(sw, 3).isoformat()}
    )
    assert response.status_code == 200
    assert response.context["add_form"].errors
    assert not StudyGroupMembership.objects.exists()


def test_add_on_a_date_before_the_enrollment_is_refused_naming_the_student(client, world, groups):
    sw = world.a
    row = sw.other_student.enrollments.get()
    row.start_date = _day(sw, 20)
    row.save()
    client.force_login(world.user("director"))
    url = reverse("people:group_detail", args=[sw.school.pk, groups["a"].pk])
    response = client.post(
        url,
        {"students": [sw.student.pk, sw.other_student.pk], "start_date": _day(sw, 5).isoformat()},
    )
    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["add_form"].non_field_errors())
    assert sw.other_student.person.full_name in errors
    assert not StudyGroupMembership.objects.exists()  # neither student was added


def test_overlapping_membership_is_refused(client, world, groups):
    sw = world.a
    StudyGroupMembership.objects.create(
        school=sw.school, group=groups["a"], student=sw.student, start_date=_day(sw, 10)
    )
    from parta.core.context import Actor
    from parta.people.services.groups import study_group_members_add

    with pytest.raises(Exception, match=r"already a member|уже"):
        study_group_members_add(
            actor=Actor(user=world.user("director")),
            group=groups["a"],
            students=[sw.student],
            start_date=_day(sw, 30),
        )
    assert StudyGroupMembership.objects.count() == 1


def test_cross_class_group_offers_the_grade(client, world):
    sw = world.a
    other_fifth = f.SchoolClassFactory.create(period_set=sw.period_set, grade=5, letter="Б")
    in_5b = f.EnrollmentFactory.create(school_class=other_fifth).student
    sixth = f.SchoolClassFactory.create(period_set=sw.period_set, grade=6, letter="А")
    f.EnrollmentFactory.create(school_class=sixth)
    group = StudyGroup.objects.create(
        school=sw.school, academic_year=sw.year, kind="cross_class", name="Проект 5", grade=5
    )
    client.force_login(world.user("director"))
    page = client.get(reverse("people:group_detail", args=[sw.school.pk, group.pk]))
    offered = set(page.context["add_form"].fields["students"].queryset)
    assert offered == {sw.student, sw.other_student, in_5b}


def test_member_leaves_and_a_mistaken_row_is_deleted(client, world, groups):
    sw = world.a
    member = StudyGroupMembership.objects.create(
        school=sw.school, group=groups["a"], student=sw.student, start_date=_day(sw, 10)
    )
    client.force_login(world.user("director"))
    end_url = reverse("people:group_member_end", args=[sw.school.pk, groups["a"].pk, member.pk])
    response = client.post(end_url, {"end_date": _day(sw, 5).isoformat()}, follow=True)
    member.refresh_from_db()
    assert member.end_date is None  # before the start: refused with a message
    assert [str(m) for m in response.context["messages"]]
    client.post(end_url, {"end_date": _day(sw, 40).isoformat()})
    member.refresh_from_db()
    assert member.end_date == _day(sw, 40)
    delete_url = reverse(
        "people:group_member_delete", args=[sw.school.pk, groups["a"].pk, member.pk]
    )
    client.post(delete_url)
    assert not StudyGroupMembership.objects.exists()
    assert AuditEvent.objects.filter(
        action="delete", object_type="people.studygroupmembership"
    ).exists()


def test_group_page_query_count_is_constant(client, world, groups, django_assert_max_num_queries):
    sw = world.a
    client.force_login(world.user("director"))
    url = reverse("people:group_detail", args=[sw.school.pk, groups["a"].pk])
    client.get(url)
    for _n in range(30):
        student = f.EnrollmentFactory.create(school_class=sw.school_class).student
        StudyGroupMembership.objects.create(
            school=sw.school, group=groups["a"], student=student, start_date=sw.year.start_date
        )
    for _n in range(10):
        f.EnrollmentFactory.create(school_class=sw.school_class)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert len(response.context["memberships"]) == 30


def test_group_list_query_count_is_constant(client, world, django_assert_max_num_queries):
    sw = world.a
    client.force_login(world.user("director"))
    url = reverse("people:group_list", args=[sw.school.pk])
    client.get(url)
    for n in range(30):
        f.StudyGroupFactory.create(school_class=sw.school_class, name=f"Группа {n}")
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert len(response.context["object_list"]) == 25


# --- splitting a class ----------------------------------------------------------------------------------


def test_split_a_class_into_two_subgroups(client, world):
    sw = world.a
    extra = [f.EnrollmentFactory.create(school_class=sw.school_class).student for _n in range(2)]
    client.force_login(world.user("director"))
    url = reverse("people:class_split", args=[sw.school.pk, sw.school_class.pk])
    form = client.get(url).context["form"]
    roster = form.roster
    assert len(roster) == 4
    assert [form[f"student_{s.pk}"].initial for s in roster] == ["1", "1", "2", "2"]
    data = {
        "name_1": "5А англ. 1",
        "name_2": "5А англ. 2",
        "subject": "",
        "start_date": sw.year.start_date.isoformat(),
        f"student_{roster[0].pk}": "1",
        f"student_{roster[1].pk}": "2",
        f"student_{roster[2].pk}": "2",
        f"student_{roster[3].pk}": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    first = StudyGroup.objects.get(name="5А англ. 1")
    second = StudyGroup.objects.get(name="5А англ. 2")
    assert (first.kind, first.school_class, first.grade) == ("subgroup", sw.school_class, 5)
    assert {m.student for m in first.memberships.all()} == {roster[0]}
    assert {m.student for m in second.memberships.all()} == {roster[1], roster[2]}
    assert extra


def test_split_with_equal_names_saves_nothing(client, world):
    sw = world.a
    client.force_login(world.user("director"))
    url = reverse("people:class_split", args=[sw.school.pk, sw.school_class.pk])
    response = client.post(
        url, {"name_1": "Группа", "name_2": "группа", "start_date": sw.year.start_date.isoformat()}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not StudyGroup.objects.exists()


def test_split_with_a_taken_name_saves_nothing(client, world, groups):
    sw = world.a
    client.force_login(world.user("director"))
    url = reverse("people:class_split", args=[sw.school.pk, sw.school_class.pk])
    response = client.post(
        url,
        {
            "name_1": "Свободное имя",
            "name_2": groups["a"].name,
            "start_date": sw.year.start_date.isoformat(),
            f"student_{sw.student.pk}": "1",
        },
    )
    assert response.status_code == 200
    assert not StudyGroup.objects.filter(name="Свободное имя").exists()
    assert not StudyGroupMembership.objects.exists()


def test_federal_subject_is_allowed_and_another_schools_subject_is_refused(world):
    from django.core.exceptions import ValidationError

    sw = world.a
    federal = Subject.objects.filter(school__isnull=True).first()
    foreign = Subject.objects.create(school=world.b.school, name="Краеведение Б")
    group = StudyGroup(
        school=sw.school,
        academic_year=sw.year,
        kind="cross_class",
        name="Проект",
        grade=5,
        subject=federal,
    )
    if federal is not None:
        group.full_clean()
    group.subject = foreign
    with pytest.raises(ValidationError) as info:
        group.full_clean()
    assert "subject" in info.value.message_dict


def test_membership_ending_before_it_starts_is_refused(world, groups):
    from django.core.exceptions import ValidationError

    sw = world.a
    membership = StudyGroupMembership(
        school=sw.school,
        group=groups["a"],
        student=sw.student,
        start_date=_day(sw, 10),
        end_date=_day(sw, 5),
    )
    with pytest.raises(ValidationError) as info:
        membership.full_clean()
    assert "end_date" in info.value.message_dict
