"""Bulk mark writes: every item checked first, then all written or none."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.journal.models import Mark
from parta.journal.services import MAX_BULK_ITEMS, mark_set, marks_bulk
from parta.journal.tests.test_services_rig import Rig


def test_marks_bulk_writes_every_item(rig: Rig) -> None:
    second = f.AssignmentFactory.create(lesson=rig.lesson, work_type=rig.work_type)
    items: list[dict[str, Any]] = [
        {"assignment": rig.assignment, "student": rig.student, "value": "5"},
        {"assignment_id": rig.assignment.pk, "student_id": rig.student2.pk, "value": "4/3"},
        {"assignment": second, "student": rig.student, "value": "", "is_duty": True},
    ]
    marks = marks_bulk(actor=rig.teacher_actor, items=items)
    assert [(m.value, m.is_duty) for m in marks if m is not None] == [
        ("5", False),
        ("4/3", False),
        ("", True),
    ]
    assert Mark.objects.count() == 3
    assert AuditEvent.objects.filter(object_type="journal.mark", action="create").count() == 3


def test_one_bad_item_writes_nothing_and_names_every_bad_item(rig: Rig) -> None:
    mark_set(
        actor=rig.teacher_actor,
        assignment=rig.assignment,
        student=rig.student2,
        value="3",
        expected_version=None,
    )
    items: list[dict[str, Any]] = [
        {"assignment": rig.assignment, "student": rig.student, "value": "5"},
        {"assignment": rig.assignment, "student": rig.student2, "value": "4"},  # stale
        {"assignment_id": rig.assignment.pk, "student_id": 999999, "value": "4"},
        {"assignment": rig.assignment, "student": f.StudentFactory.create(), "value": "9"},
    ]
    with pytest.raises(ValidationError) as error:
        marks_bulk(actor=rig.teacher_actor, items=items)
    messages = error.value.messages
    assert [m.split(":")[0] for m in messages] == ["Item 2", "Item 3", "Item 4"]
    assert "has just been changed by someone else" in messages[0]
    assert list(Mark.objects.values_list("value", flat=True)) == ["3"]
    assert AuditEvent.objects.filter(object_type="journal.mark").count() == 1


def test_marks_bulk_changes_and_removes_with_versions(rig: Rig) -> None:
    first = mark_set(
        actor=rig.teacher_actor,
        assignment=rig.assignment,
        student=rig.student,
        value="3",
        expected_version=None,
    )
    mark_set(
        actor=rig.teacher_actor,
        assignment=rig.assignment,
        student=rig.student2,
        value="2",
        expected_version=None,
    )
    result = marks_bulk(
        actor=rig.teacher_actor,
        items=[
            {
                "assignment": rig.assignment,
                "student": rig.student,
                "value": "4",
                "expected_version": 1,
            },
            {
                "assignment": rig.assignment,
                "student": rig.student2,
                "delete": True,
                "expected_version": 1,
            },
        ],
    )
    assert result[0] is not None
    assert (result[0].pk, result[0].value, result[0].version) == (first.pk, "4", 2)
    assert result[1] is None
    assert list(Mark.objects.values_list("value", flat=True)) == ["4"]


@pytest.mark.parametrize("problem", ["empty", "too_many", "duplicate"])
def test_marks_bulk_refuses_bad_lists(rig: Rig, problem: str) -> None:
    item = {"assignment": rig.assignment, "student": rig.student, "value": "5"}
    items: list[dict[str, Any]] = {
        "empty": [],
        "too_many": [item] * (MAX_BULK_ITEMS + 1),
        "duplicate": [item, dict(item, value="4")],
    }[problem]
    with pytest.raises(ValidationError):
        marks_bulk(actor=rig.teacher_actor, items=items)
    assert not Mark.objects.exists()
    assert not AuditEvent.objects.exists()


def test_marks_bulk_of_a_class_costs_a_bounded_number_of_statements(
    rig: Rig, django_assert_max_num_queries: Any
) -> None:
    # given 30 students of the class
    students = [
        f.EnrollmentFactory.create(school_class=rig.school_class).student for _ in range(30)
    ]
    items = [{"assignment": rig.assignment, "student": s, "value": "4"} for s in students]
    from parta.accounts.access import access_for

    access_for(rig.teacher_user)
    # then the cost grows by three statements per item (its facts, its write, its event)
    with django_assert_max_num_queries(3 * len(items) + 6):
        marks_bulk(actor=rig.teacher_actor, items=items)
    assert Mark.objects.count() == 30
