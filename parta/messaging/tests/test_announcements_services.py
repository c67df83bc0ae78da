"""Announcement services and visibility: who may publish to whom, who sees what and when, and
refusals that change nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.world import World
from parta.messaging.choices import AudienceScope
from parta.messaging.models import Announcement, AnnouncementAttachment
from parta.messaging.selectors_announcements import announcement_for, announcement_list
from parta.messaging.services.announcements import (
    MAX_ATTACHMENTS,
    announcement_create,
    announcement_delete,
    announcement_update,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 test"


def pdf(name: str = "plan.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def actor(world: World, who: str, school: str = "a") -> Actor:
    return Actor(user=world.user(who, school))


def create(world: World, who: str = "director", **fields: Any) -> Announcement:
    values: dict[str, Any] = {"title": "Субботник", "body": "В субботу в 10:00"}
    values.update(fields)
    return announcement_create(actor=actor(world, who), school=world.a.school, **values)


def parents_of_5a(world: World, who: str = "director") -> Announcement:
    return create(
        world,
        who,
        scope=AudienceScope.CLASS,
        school_class=world.a.school_class,
        for_staff=False,
        for_students=False,
        for_parents=True,
    )


def sees(world: World, who: str, item: Announcement, school: str = "a") -> bool:
    user = world.user(who, school)
    return announcement_for(user, None, item.pk) is not None


def test_parents_of_a_class_are_seen_by_its_parents_only(world: World) -> None:
    # given an announcement for the parents of 5А of school A
    item = parents_of_5a(world)
    # then the parent of a 5А student sees it, the student does not
    assert sees(world, "parent", item)
    assert not sees(world, "student", item)
    # and nobody of school B, nor a teacher without a class (not staff audience)
    for who in ("director", "teacher", "student", "parent"):
        assert not sees(world, who, item, "b")
    assert not sees(world, "teacher_no_class", item)
    assert not sees(world, "municipal_specialist", item)
    # but the administration of A and the superuser do
    assert sees(world, "deputy_director", item)
    assert sees(world, "superuser", item)


def test_parent_of_another_class_does_not_see_a_class_announcement(world: World) -> None:
    # given a parent whose child is in 5Б of school A
    other_class = f.SchoolClassFactory.create(period_set=world.a.period_set, grade=5, letter="Б")
    child = f.StudentFactory.create(school=world.a.school)
    f.EnrollmentFactory.create(school_class=other_class, student=child)
    parent_user = f.UserFactory.create(username="other_parent")
    f.RoleAssignmentFactory.create(user=parent_user, organization=world.a.school, role="parent")
    f.GuardianshipFactory.create(student=child, guardian=f.PersonFactory.create(user=parent_user))
    # when an announcement goes to the parents of 5А
    item = parents_of_5a(world)
    # then that parent does not see it
    assert announcement_for(parent_user, None, item.pk) is None
    # and an announcement for the parents of grade 5 they do see
    grade = create(world, scope=AudienceScope.GRADE, grade=5, for_staff=False, for_students=False)
    assert announcement_for(parent_user, None, grade.pk) is not None


def test_staff_only_is_seen_by_staff_not_students_or_parents(world: World) -> None:
    # given a staff-only announcement of school A
    item = create(world, for_students=False, for_parents=False)
    # then staff see it, students and parents do not, nor staff of school B
    assert sees(world, "teacher_no_class", item)
    assert sees(world, "hr_officer", item)
    assert not sees(world, "student", item)
    assert not sees(world, "parent", item)
    assert not sees(world, "teacher", item, "b")


def test_publication_window_hides_scheduled_and_expired_but_not_from_the_author(
    world: World,
) -> None:
    # given an announcement of the class teacher for the students of 5А from tomorrow for a week
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        item = create(
            world,
            "teacher",
            scope=AudienceScope.CLASS,
            school_class=world.a.school_class,
            for_staff=False,
            publish_from=now + datetime.timedelta(days=1),
            publish_until=now + datetime.timedelta(days=8),
        )
        # then today the student does not see it, the author and the director do
        assert not sees(world, "student", item)
        assert sees(world, "teacher", item)
        assert sees(world, "director", item)
    # when the day comes the student sees it
    with time_machine.travel(now + datetime.timedelta(days=2), tick=False):
        assert sees(world, "student", item)
    # and after the week it is gone for the student, kept for the author
    with time_machine.travel(now + datetime.timedelta(days=9), tick=False):
        assert not sees(world, "student", item)
        assert sees(world, "teacher", item)


def test_teacher_publishes_to_own_class(world: World) -> None:
    # when the class teacher of 5А writes to the students and parents of 5А
    item = create(
        world,
        "teacher",
        scope=AudienceScope.CLASS,
        school_class=world.a.school_class,
        for_staff=False,
    )
    # then it is published and audited with its after snapshot
    event = AuditEvent.objects.get(object_type="messaging.announcement", object_id=str(item.pk))
    assert event.action == AuditEvent.Action.CREATE
    assert event.after is not None
    assert event.after["school_class_id"] == world.a.school_class.pk


def test_teacher_of_a_class_by_the_load_publishes_to_it(world: World) -> None:
    # given the teacher without a class teaches 5А by the teaching load
    staff = world.user("teacher_no_class").person.staff_records.get()
    f.TeachingAssignmentFactory.create(school_class=world.a.school_class, teacher=staff)
    # when they write to the parents of 5А
    item = parents_of_5a(world, "teacher_no_class")
    # then it is published
    assert item.author == world.user("teacher_no_class")


@pytest.mark.parametrize(
    "fields",
    [
        {"scope": AudienceScope.SCHOOL, "for_staff": False},
        {"scope": AudienceScope.GRADE, "grade": 5, "for_staff": False},
        {"scope": AudienceScope.CLASS, "for_staff": True},
        {"scope": AudienceScope.CLASS, "other_class": True, "for_staff": False},
    ],
    ids=["whole-school", "grade", "staff", "another-class"],
)
def test_teacher_may_not_publish_beyond_own_classes(world: World, fields: dict[str, Any]) -> None:
    # given the class teacher of 5А and another class 6А of the school
    other = f.SchoolClassFactory.create(period_set=world.a.period_set, grade=6, letter="А")
    values = dict(fields)
    values["school_class"] = other if values.pop("other_class", False) else world.a.school_class
    # when they address the whole school, a grade, the staff or another class
    with pytest.raises(ValidationError) as caught:
        create(world, "teacher", **values)
    # then it is refused and nothing is written
    assert caught.value.code == "forbidden"
    assert not Announcement.objects.exists()
    assert not AuditEvent.objects.filter(object_type="messaging.announcement").exists()


@pytest.mark.parametrize("who", ["hr_officer", "teacher_no_class", "student", "parent"])
def test_others_may_not_publish(world: World, who: str) -> None:
    # when anybody else writes an announcement to 5А
    with pytest.raises(ValidationError):
        parents_of_5a(world, who)
    # then nothing is written
    assert not Announcement.objects.exists()


def test_bad_input_changes_nothing(world: World) -> None:
    # given a class of school B, an end before the start, a forbidden file, a too large file
    now = timezone.now()
    bad: list[dict[str, Any]] = [
        {"scope": AudienceScope.CLASS, "school_class": world.b.school_class},
        {"publish_from": now, "publish_until": now - datetime.timedelta(hours=1)},
        {
            "files": [
                pdf(),
                SimpleUploadedFile("run.exe", b"MZ\x90\x00", "application/x-msdownload"),
            ]
        },
        {"files": [pdf("fake.pdf", b"MZ-not-a-pdf")]},
        {"scope": AudienceScope.GRADE, "grade": 12},
        {"for_staff": False, "for_students": False, "for_parents": False},
        {"title": "  "},
        {"files": [pdf(f"{n}.pdf") for n in range(MAX_ATTACHMENTS + 1)]},
    ]
    for fields in bad:
        # when the director publishes with it
        with pytest.raises(ValidationError):
            create(world, **fields)
    # then nothing is written and no file is stored
    assert not Announcement.objects.exists()
    assert not AnnouncementAttachment.objects.exists()
    assert not AuditEvent.objects.filter(object_type="messaging.announcement").exists()


@override_settings(PARTA_UPLOAD_MAX_BYTES=10)
def test_too_large_file_is_refused(world: World) -> None:
    # when a file over the limit is attached
    with pytest.raises(ValidationError) as caught:
        create(world, files=[pdf()])
    # then the message names it and nothing is written
    assert "too large" in caught.value.messages[0]
    assert not Announcement.objects.exists()


def test_class_of_a_past_year_is_refused(world: World) -> None:
    # given a class of last year in school A
    year = f.AcademicYearFactory.create(
        school=world.a.school,
        start_date=world.a.year.start_date.replace(year=world.a.year.start_date.year - 1),
        end_date=world.a.year.start_date - datetime.timedelta(days=30),
    )
    old = f.SchoolClassFactory.create(
        period_set=f.PeriodSetFactory.create(academic_year=year), grade=4
    )
    # when the director addresses it
    with pytest.raises(ValidationError) as caught:
        create(world, scope=AudienceScope.CLASS, school_class=old)
    # then it is refused
    assert caught.value.message_dict["school_class"] == [
        "Choose a class of the current academic year."
    ]


def test_update_and_delete_with_files(world: World) -> None:
    # given an announcement with two files
    item = create(world, files=[pdf("a.pdf"), pdf("b.pdf")])
    first = item.attachments.order_by("pk").first()
    assert first is not None
    # when the director removes one, adds one and narrows the audience
    updated = announcement_update(
        actor=actor(world, "director"),
        school=world.a.school,
        announcement=item,
        title="Новое",
        body="Текст",
        scope=AudienceScope.GRADE,
        grade=5,
        for_staff=False,
        for_students=True,
        for_parents=False,
        publish_from=None,
        files=[pdf("c.pdf")],
        remove_attachment_ids=[first.pk],
    )
    # then the files and the audience are changed, and audited
    assert sorted(updated.attachments.values_list("name", flat=True)) == ["b.pdf", "c.pdf"]
    assert updated.scope == AudienceScope.GRADE
    assert updated.grade == 5
    event = AuditEvent.objects.filter(object_type="messaging.announcement").latest("pk")
    assert event.after is not None
    assert event.after["attachments"] == ["b.pdf", "c.pdf"]
    # when it is deleted
    announcement_delete(actor=actor(world, "director"), school=world.a.school, announcement=item)
    # then it is gone with its files, and audited
    assert not Announcement.objects.exists()
    assert not AnnouncementAttachment.objects.exists()
    assert AuditEvent.objects.filter(
        object_type="messaging.announcement", action=AuditEvent.Action.DELETE
    ).exists()


def test_another_teacher_may_not_change_or_delete(world: World) -> None:
    # given the class teacher's announcement to 5А
    item = create(
        world,
        "teacher",
        scope=AudienceScope.CLASS,
        school_class=world.a.school_class,
        for_staff=False,
    )
    # when the teacher without a class or the school B director tries to delete it
    for who, school in (("teacher_no_class", world.a.school), ("director", world.b.school)):
        with pytest.raises(ValidationError):
            announcement_delete(
                actor=Actor(user=world.user(who, "b" if school == world.b.school else "a")),
                school=school,
                announcement=item,
            )
    # then it is still there
    assert Announcement.objects.filter(pk=item.pk).exists()


def test_board_reads_in_constant_queries(world: World, django_assert_max_num_queries: Any) -> None:
    # given ten announcements with a file each for the parents of 5А
    for n in range(10):
        create(
            world,
            title=f"N{n}",
            scope=AudienceScope.CLASS,
            school_class=world.a.school_class,
            files=[pdf()],
        )
    parent = world.user("parent")
    parent.refresh_from_db()
    # when the parent's board is read (access resolved once per request)
    from parta.accounts.access import access_for

    access_for(parent)
    with django_assert_max_num_queries(2):
        rows = list(announcement_list(parent, world.a.school))
    # then all ten, with their files, in two queries
    assert len(rows) == 10
    assert all(len(row.attachments.all()) == 1 for row in rows)
