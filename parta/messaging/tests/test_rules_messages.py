"""Who may write to whom: the recipient rules over the roles of two schools, the predicate and
its `Q` twin agreeing, and the address book built on them (grouped, searchable, constant
queries)."""

from __future__ import annotations

from typing import Any

import pytest

from parta.accounts.choices import Role
from parta.accounts.models import RoleAssignment, User
from parta.core.testing import factories as f
from parta.messaging import rules
from parta.messaging.selectors_messages import address_book, recipients_queryset
from parta.messaging.tests.test_messages_setup import Cast, _school_day, cast, fresh_storage

pytestmark = pytest.mark.django_db
__all__ = ["_school_day", "cast", "fresh_storage"]


def allowed(user: Any, school: Any) -> set[int]:
    return set(
        User.objects.filter(rules.allowed_recipients_q(user, school)).values_list("pk", flat=True)
    )


def check(cast: Cast, writer: User, recipient: User, expected: bool) -> None:
    school = cast.a.school
    assert rules.may_write_to(writer, school, recipient) is expected, (
        f"{writer.username} → {recipient.username}: expected {expected}"
    )
    assert (recipient.pk in allowed(writer, school)) is expected


# --- parents -----------------------------------------------------------------------------------
def test_a_parent_writes_to_the_childs_teachers_class_teacher_and_administration(cast):
    # given the parent of 5А's student
    parent = cast.user("parent")
    # then the teachers of the child's class and group, the class teacher and the
    # administration are allowed
    for recipient in (
        cast.subject_teacher,
        cast.group_teacher,
        cast.user("teacher"),
        cast.user("director"),
        cast.user("deputy_director"),
        cast.user("secretary"),
    ):
        check(cast, parent, recipient, True)


def test_a_parent_does_not_write_to_other_teachers_parents_students_or_hr(cast):
    # given the parent of 5А's student
    parent = cast.user("parent")
    # then a teacher without the child, a substitute of the child's lesson, another parent,
    # another student, their own child's classmates and the HR officer are refused
    for recipient in (
        cast.idle_teacher,
        cast.substitute,
        cast.other_parent,
        cast.parent_6b,
        cast.other_student,
        cast.student_6b,
        cast.user("hr_officer"),
    ):
        check(cast, parent, recipient, False)


def test_nobody_writes_to_themself(cast):
    for who in ("parent", "teacher", "director", "student"):
        user = cast.user(who)
        check(cast, user, user, False)


# --- students ----------------------------------------------------------------------------------
def test_a_student_writes_to_their_teachers_and_the_administration_only(cast):
    student = cast.user("student")
    for recipient in (
        cast.subject_teacher,
        cast.group_teacher,
        cast.user("teacher"),
        cast.user("director"),
    ):
        check(cast, student, recipient, True)
    for recipient in (
        cast.other_student,
        cast.student_6b,
        cast.user("parent"),
        cast.idle_teacher,
        cast.substitute,
    ):
        check(cast, student, recipient, False)


def test_a_student_in_the_group_of_another_student_does_not_get_the_group_teacher(cast):
    # given 5А's other student, who is not in the subgroup
    other = cast.other_student
    # then the group's teacher is refused, the class's subject teacher allowed
    check(cast, other, cast.group_teacher, False)
    check(cast, other, cast.subject_teacher, True)


# --- teachers ----------------------------------------------------------------------------------
def test_a_teacher_writes_to_colleagues(cast):
    teacher = cast.idle_teacher
    for who in ("director", "deputy_director", "secretary", "hr_officer", "teacher"):
        check(cast, teacher, cast.user(who), True)
    check(cast, teacher, cast.subject_teacher, True)


def test_a_teacher_writes_to_the_students_they_teach_and_their_parents(cast):
    # given the subject teacher of 5А
    teacher = cast.subject_teacher
    # then 5А's students and parents are allowed, 6Б's are refused
    for recipient in (cast.user("student"), cast.other_student, cast.user("parent")):
        check(cast, teacher, recipient, True)
    check(cast, teacher, cast.other_parent, True)
    for recipient in (cast.student_6b, cast.parent_6b):
        check(cast, teacher, recipient, False)


def test_the_class_teacher_writes_to_the_class_and_a_group_teacher_to_the_group(cast):
    # the class teacher reaches the whole class and its parents
    for recipient in (cast.user("student"), cast.other_student, cast.other_parent):
        check(cast, cast.user("teacher"), recipient, True)
    # the group teacher reaches the group's student and parent, not the rest of the class
    check(cast, cast.group_teacher, cast.user("student"), True)
    check(cast, cast.group_teacher, cast.user("parent"), True)
    check(cast, cast.group_teacher, cast.other_student, False)
    check(cast, cast.group_teacher, cast.other_parent, False)


def test_a_teacher_without_load_and_a_substitute_do_not_reach_students_or_parents(cast):
    for teacher in (cast.idle_teacher, cast.substitute):
        for recipient in (cast.user("student"), cast.user("parent")):
            check(cast, teacher, recipient, False)


def test_an_ended_enrollment_ends_the_right(cast):
    # given the student left 5А yesterday
    import datetime

    from django.utils import timezone

    from parta.people.models import Enrollment

    Enrollment.objects.filter(student=cast.a.student).update(
        end_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    # then the subject teacher and the parent no longer reach each other
    check(cast, cast.subject_teacher, cast.user("parent"), False)
    check(cast, cast.user("parent"), cast.subject_teacher, False)
    # but the administration still does (they are in the school)
    check(cast, cast.user("parent"), cast.user("director"), True)


# --- administration ----------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["director", "deputy_director", "secretary", "superuser"])
def test_the_administration_writes_to_anybody_in_the_school(cast, who):
    writer = cast.user(who)
    for recipient in (
        cast.user("hr_officer"),
        cast.idle_teacher,
        cast.student_6b,
        cast.parent_6b,
        cast.other_parent,
        cast.user("student"),
    ):
        check(cast, writer, recipient, True)


def test_the_hr_officer_writes_to_colleagues_only(cast):
    hr = cast.user("hr_officer")
    check(cast, hr, cast.user("director"), True)
    check(cast, hr, cast.idle_teacher, True)
    check(cast, hr, cast.user("student"), False)
    check(cast, hr, cast.user("parent"), False)


# --- other schools -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "who", ["director", "teacher", "teacher_no_class", "parent", "student", "superuser"]
)
def test_nobody_writes_to_a_person_of_school_b(cast, who):
    writer = cast.user(who)
    for target in ("director", "teacher", "parent", "student"):
        check(cast, writer, cast.user(target, "b"), False)


def test_a_person_with_roles_in_two_schools_is_reached_by_each_schools_rules(cast):
    # given B's teacher is also a parent in school A (of 6Б's student)
    b_teacher = cast.user("teacher", "b")
    RoleAssignment.objects.create(user=b_teacher, organization=cast.a.school, role=Role.PARENT)
    # then A's director reaches them in A, A's idle teacher does not (not a colleague in A)
    check(cast, cast.user("director"), b_teacher, True)
    check(cast, cast.idle_teacher, b_teacher, False)
    # and in school B, A's director (no role there) reaches nobody
    assert not rules.may_write_to(cast.user("director"), cast.world.b.school, b_teacher)
    assert allowed(cast.user("director"), cast.world.b.school) == set()


def test_the_municipal_specialist_and_anonymous_reach_nobody(cast):
    from django.contrib.auth.models import AnonymousUser

    assert allowed(cast.user("municipal_specialist"), cast.a.school) == set()
    assert allowed(AnonymousUser(), cast.a.school) == set()
    assert not rules.may_write_in(cast.user("municipal_specialist"), cast.a.school)


def test_an_inactive_account_is_not_a_recipient(cast):
    director = cast.user("director")
    cast.idle_teacher.is_active = False
    cast.idle_teacher.save(update_fields=["is_active"])
    check(cast, director, cast.idle_teacher, False)


# --- the address book --------------------------------------------------------------------------
def test_the_parents_address_book_groups_teachers_with_their_subjects(cast):
    # given the parent of 5А's student
    book = address_book(cast.user("parent"), cast.a.school)
    groups = {group.key: group for group in book.groups}
    # then the class teacher is on top, then the administration and the teachers
    assert [group.key for group in book.groups] == ["class_teacher", "administration", "teachers"]
    assert [c.user_id for c in groups["class_teacher"].contacts] == [cast.user("teacher").pk]
    teachers = {c.user_id: c for c in groups["teachers"].contacts}
    assert set(teachers) == {cast.subject_teacher.pk, cast.group_teacher.pk}
    assert teachers[cast.subject_teacher.pk].details == ["Математика (5А)"]
    assert teachers[cast.group_teacher.pk].details == [
        "Иностранный (английский) язык (Английский, группа 1)"
    ]
    assert book.total == 6


def test_the_teachers_address_book_shows_students_classes_and_parents_children(cast):
    book = address_book(cast.subject_teacher, cast.a.school)
    contacts = {c.user_id: c for group in book.groups for c in group.contacts}
    assert contacts[cast.user("student").pk].group == "students"
    assert contacts[cast.user("student").pk].details == ["class 5А"]
    parent = contacts[cast.user("parent").pk]
    assert parent.group == "parents"
    assert parent.details == ["parent of Ученикa Пётр, 5А"]
    assert contacts[cast.user("teacher").pk].details[0] == "class teacher of 5А"


def test_the_address_book_searches_by_name_in_any_letter_case(cast):
    # when the parent searches «учителева» (the class teacher is Учителеваa Анна)
    book = address_book(cast.user("parent"), cast.a.school, q="учителева")
    # then only she is found
    assert [c.user_id for g in book.groups for c in g.contacts] == [cast.user("teacher").pk]
    assert recipients_queryset(cast.user("parent"), cast.a.school, "нет такого").count() == 0


def test_the_address_book_reads_with_constant_queries(cast, django_assert_max_num_queries):
    # given many more students and parents in 5А
    sw = cast.a
    for n in range(12):
        person = f.PersonFactory.create(last_name=f"Новиков{n}")
        student = f.StudentFactory.create(school=sw.school, person=person)
        f.EnrollmentFactory.create(school_class=sw.school_class, student=student)
        user = f.UserFactory.create(username=f"new_student_{n}")
        person.user = user
        person.save(update_fields=["user"])
        RoleAssignment.objects.create(user=user, organization=sw.school, role=Role.STUDENT)
    director = User.objects.get(pk=cast.user("director").pk)
    address_book(director, sw.school)  # warm the access cache
    # then the book is read in a fixed number of queries
    with django_assert_max_num_queries(7):
        book = address_book(director, sw.school)
    assert book.total > 20
