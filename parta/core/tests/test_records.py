"""The records service: validation first, the change and its audit event in one transaction."""

import pytest
from django.core.exceptions import ValidationError

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.records import record_create, record_delete, record_update
from parta.organizations.models import Room


def test_create_writes_row_and_audit_event(world):
    actor = Actor(user=world.user("director"), ip_address="10.1.2.3")
    room = record_create(actor=actor, instance=Room(school=world.a.school, number="301"))
    event = AuditEvent.objects.get(object_type="organizations.room", object_id=str(room.pk))
    assert (event.action, event.actor, event.ip_address) == (
        "create",
        world.user("director"),
        "10.1.2.3",
    )
    assert event.school == world.a.school
    assert event.after is not None
    assert event.after["number"] == "301"


def test_update_audits_only_the_difference(world):
    actor = Actor(user=world.user("director"))
    room = world.a.room
    record_update(actor=actor, instance=room, data={"capacity": 12, "number": room.number})
    event = AuditEvent.objects.get(object_type="organizations.room", action="update")
    assert event.before == {"capacity": 30}
    assert event.after == {"capacity": 12}


def test_update_without_change_writes_no_event(world):
    record_update(actor=Actor(user=None), instance=world.a.room, data={"number": "101"})
    assert not AuditEvent.objects.filter(action="update").exists()


def test_invalid_create_writes_nothing(world):
    # a duplicate room number in the same school is refused, and no audit event remains
    with pytest.raises(ValidationError):
        record_create(actor=Actor(user=None), instance=Room(school=world.a.school, number="101"))
    assert Room.objects.filter(school=world.a.school, number="101").count() == 1
    assert not AuditEvent.objects.exists()


def test_cross_school_reference_is_refused(world):
    building_b = world.b.school.buildings.create(name="Корпус Б")
    with pytest.raises(ValidationError) as info:
        record_create(
            actor=Actor(user=None),
            instance=Room(school=world.a.school, number="555", building=building_b),
        )
    assert "building" in info.value.message_dict


def test_delete_keeps_the_before_state(world):
    room = Room.objects.create(school=world.a.school, number="777")
    record_delete(actor=Actor(user=world.user("secretary")), instance=room)
    event = AuditEvent.objects.get(action="delete")
    assert event.before is not None
    assert event.before["number"] == "777"
    assert event.school == world.a.school
