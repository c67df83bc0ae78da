from typing import Any

import pytest

from parta.core.testing import factories as f
from parta.core.testing.matrix import ALL_WHO
from parta.core.testing.world import World
from parta.thematic.models import ThematicPlan
from parta.thematic.rules import can_edit_plan, can_read_plan


@pytest.fixture
def plans(world: World) -> dict[str, Any]:
    a = world.a
    other = f.StaffMemberFactory.create(school=a.school)
    return {
        "own": f.ThematicPlanFactory.create(school_class=a.school_class, teacher=a.class_teacher),
        "colleague": f.ThematicPlanFactory.create(
            school_class=a.school_class, teacher=other, subject=f.federal_subject("Физика")
        ),
        "template": f.ThematicPlanFactory.create(
            school_class=None,
            school=a.school,
            academic_year=a.year,
            grade=5,
            is_template=True,
            teacher=None,
        ),
        "other_school": f.ThematicPlanFactory.create(
            school_class=world.b.school_class, teacher=world.b.class_teacher
        ),
    }


@pytest.mark.parametrize("who", ALL_WHO)
def test_predicates_and_querysets_agree(world: World, plans: dict[str, Any], who: str) -> None:
    user = world.user(who)
    visible = set(ThematicPlan.objects.visible_to(user).values_list("pk", flat=True))
    editable = set(ThematicPlan.objects.editable_by(user).values_list("pk", flat=True))
    for plan in plans.values():
        assert (plan.pk in visible) is can_read_plan(user, plan), (who, plan)
        assert (plan.pk in editable) is can_edit_plan(user, plan), (who, plan)


@pytest.mark.parametrize(
    ("who", "reads", "edits"),
    [
        ("director", {"own", "colleague", "template"}, {"own", "colleague", "template"}),
        ("teacher", {"own", "colleague", "template"}, {"own"}),
        ("teacher_no_class", {"own", "colleague", "template"}, set()),
        ("hr_officer", {"own", "colleague", "template"}, set()),
        ("municipal_specialist", {"own", "colleague", "template", "other_school"}, set()),
        ("student", set(), set()),
        ("parent", set(), set()),
    ],
)
def test_who_reads_and_edits(
    world: World, plans: dict[str, Any], who: str, reads: set[str], edits: set[str]
) -> None:
    user = world.user(who)
    assert {k for k, p in plans.items() if can_read_plan(user, p)} == reads
    assert {k for k, p in plans.items() if can_edit_plan(user, p)} == edits
