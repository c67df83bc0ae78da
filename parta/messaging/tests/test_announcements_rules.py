"""The publishing rules: who may publish where, and `may_change` agrees with its queryset twin
`changeable_q` for every role of two schools."""

from __future__ import annotations

from typing import Any

import pytest

from parta.core.context import Actor
from parta.core.testing.matrix import ALL_WHO
from parta.core.testing.world import World
from parta.messaging import rules_announcements as rules
from parta.messaging.choices import AudienceScope
from parta.messaging.models import Announcement, Event
from parta.messaging.services.announcements import announcement_create
from parta.messaging.services.events import event_create

pytestmark = pytest.mark.django_db


def test_who_may_publish(world: World) -> None:
    school = world.a.school
    expected = {
        "director": True,
        "deputy_director": True,
        "secretary": True,
        "superuser": True,
        "teacher": True,
        "hr_officer": False,
        "teacher_no_class": False,
        "student": False,
        "parent": False,
        "municipal_specialist": False,
    }
    # then the administration and a teacher with a class publish in school A
    for who, may in expected.items():
        assert rules.may_publish(world.user(who), school) is may, who
    # and nobody of school A publishes in school B (but the superuser)
    for who in ALL_WHO:
        assert rules.may_publish(world.user(who), world.b.school) is (who == "superuser"), who


def test_teacher_classes_are_those_led_or_taught(world: World) -> None:
    # then the class teacher's publishable classes are her 5А; the administration's all classes
    assert list(rules.publishable_classes(world.user("teacher"), world.a.school)) == [
        world.a.school_class
    ]
    assert list(rules.publishable_classes(world.user("teacher_no_class"), world.a.school)) == []
    assert (
        rules.may_publish_to(
            world.user("teacher"),
            world.a.school,
            scope=AudienceScope.CLASS,
            school_class_id=world.a.school_class.pk,
            for_staff=True,
        )
        is False
    )


@pytest.mark.parametrize("model", ["announcement", "event"])
def test_may_change_agrees_with_its_twin(world: World, model: str) -> None:
    # given an item of the class teacher and one of the director in school A
    items: list[Any] = []
    for who in ("teacher", "director"):
        actor = Actor(user=world.user(who))
        fields: dict[str, Any] = {
            "scope": AudienceScope.CLASS,
            "school_class": world.a.school_class,
            "for_staff": False,
        }
        if model == "announcement":
            items.append(
                announcement_create(
                    actor=actor, school=world.a.school, title="T", body="B", **fields
                )
            )
        else:
            from django.utils import timezone

            items.append(
                event_create(
                    actor=actor,
                    school=world.a.school,
                    title="E",
                    starts_at=timezone.now(),
                    **fields,
                )
            )
    queryset: Any = Announcement.objects if model == "announcement" else Event.objects
    author_field = "author" if model == "announcement" else "created_by"
    # then for every role the predicate and the queryset name the same items
    for who in ALL_WHO:
        user = world.user(who)
        by_rule = {item.pk for item in items if rules.may_change(user, item, author_field)}
        by_query = set(
            queryset.for_school(world.a.school)
            .filter(rules.changeable_q(user, world.a.school, author_field))
            .values_list("pk", flat=True)
        )
        assert by_rule == by_query, who
    # and the author teacher changes her own only
    teacher_items = {
        item.pk for item in items if rules.may_change(world.user("teacher"), item, author_field)
    }
    assert teacher_items == {items[0].pk}
