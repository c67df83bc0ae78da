from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.thematic.models import PlanTopic, ThematicPlan
from parta.thematic.services import (
    TopicData,
    plan_create,
    plan_delete,
    plan_update,
    template_apply,
    template_reapply,
    topic_add,
    topic_move,
    topics_reorder,
    topics_replace,
)
from parta.thematic.tests.conftest import SYSTEM, Ktp, lessons, topics


def _titles(plan: ThematicPlan) -> list[str]:
    return list(
        PlanTopic.objects.filter(plan=plan).order_by("position").values_list("title", flat=True)
    )


def test_a_teacher_creates_their_own_plan(ktp: Ktp) -> None:
    # given the teacher and a class without a plan of physics
    physics = f.federal_subject("Физика")
    plan = ThematicPlan(
        school=ktp.school,
        academic_year=ktp.year,
        subject=physics,
        grade=1,
        school_class=ktp.school_class,
    )
    # when the teacher creates it
    created = plan_create(actor=ktp.actor, plan=plan)
    # then they are its teacher, the grade follows the class, and it is audited
    assert created.teacher == ktp.teacher
    assert created.grade == ktp.school_class.grade
    assert AuditEvent.objects.filter(object_type="thematic.thematicplan", action="create").exists()


def test_a_teacher_cannot_create_a_plan_for_a_colleague(ktp: Ktp) -> None:
    colleague = f.StaffMemberFactory.create(school=ktp.school)
    plan = ThematicPlan(
        school=ktp.school,
        academic_year=ktp.year,
        subject=f.federal_subject("Физика"),
        grade=5,
        school_class=ktp.school_class,
        teacher=colleague,
    )
    with pytest.raises(PermissionDenied):
        plan_create(actor=ktp.actor, plan=plan)
    assert not ThematicPlan.objects.filter(teacher=colleague).exists()


def test_a_teacher_cannot_hand_their_plan_to_a_colleague(ktp: Ktp) -> None:
    colleague = f.StaffMemberFactory.create(school=ktp.school)
    with pytest.raises(PermissionDenied):
        plan_update(actor=ktp.actor, plan=ktp.plan, data={"teacher": colleague})
    ktp.plan.refresh_from_db()
    assert ktp.plan.teacher == ktp.teacher


def test_one_plan_per_class_and_subject(ktp: Ktp) -> None:
    duplicate = ThematicPlan(
        school=ktp.school,
        academic_year=ktp.year,
        subject=ktp.subject,
        grade=5,
        school_class=ktp.school_class,
    )
    with pytest.raises(ValidationError, match="already has a plan"):
        plan_create(actor=SYSTEM, plan=duplicate)


def test_a_class_of_another_year_is_refused(ktp: Ktp) -> None:
    other_year_class = f.SchoolClassFactory.create(
        period_set__academic_year__school=ktp.school,
        period_set__academic_year__name="2030/2031",
    )
    plan = ThematicPlan(
        school=ktp.school,
        academic_year=ktp.year,
        subject=ktp.subject,
        grade=5,
        school_class=other_year_class,
    )
    with pytest.raises(ValidationError):
        plan_create(actor=SYSTEM, plan=plan)


def test_deleting_a_plan_frees_its_lessons(ktp: Ktp) -> None:
    made = lessons(ktp.plan, 2)
    topics_replace(actor=ktp.actor, plan=ktp.plan, rows=[TopicData("Тема")])
    plan_delete(actor=ktp.actor, plan=ktp.plan)
    made[0].refresh_from_db()
    assert made[0].plan_topic is None
    assert not ThematicPlan.objects.filter(pk=ktp.plan.pk).exists()


def test_topics_add_reorder_and_move(ktp: Ktp) -> None:
    a, b, c = topics(ktp.plan, [1, 1, 1])
    topics_reorder(actor=ktp.actor, plan=ktp.plan, order=[c.pk, a.pk, b.pk])
    assert _titles(ktp.plan) == ["Тема 3", "Тема 1", "Тема 2"]
    topic_move(actor=ktp.actor, topic=c, step=1)
    assert _titles(ktp.plan) == ["Тема 1", "Тема 3", "Тема 2"]
    topic_add(actor=ktp.actor, plan=ktp.plan, data=TopicData("Новая"), position=2)
    assert _titles(ktp.plan) == ["Тема 1", "Новая", "Тема 3", "Тема 2"]
    assert list(
        PlanTopic.objects.filter(plan=ktp.plan)
        .order_by("position")
        .values_list("position", flat=True)
    ) == [1, 2, 3, 4]


def test_a_reorder_must_name_every_topic_once(ktp: Ktp) -> None:
    a, _b = topics(ktp.plan, [1, 1])
    with pytest.raises(ValidationError, match="every topic of the plan once"):
        topics_reorder(actor=ktp.actor, plan=ktp.plan, order=[a.pk, a.pk])
    assert _titles(ktp.plan) == ["Тема 1", "Тема 2"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (TopicData(""), "This field cannot be blank."),
        (TopicData("Тема", hours=Decimal("0.2")), "greater than or equal to 0.5"),
        (TopicData("Тема", hours=Decimal("100")), "less than or equal to 99"),
    ],
)
def test_bad_topics_are_refused_with_their_number(ktp: Ktp, data: TopicData, message: str) -> None:
    topics(ktp.plan, [1])
    with pytest.raises(ValidationError) as error:
        topics_replace(actor=ktp.actor, plan=ktp.plan, rows=[TopicData("Хорошая"), data])
    assert error.value.messages[0].startswith("Topic 2, ")
    assert message in error.value.messages[0]
    assert _titles(ktp.plan) == ["Тема 1"]


def test_the_topic_cap(ktp: Ktp) -> None:
    topics(ktp.plan, [1] * 400)
    with pytest.raises(ValidationError, match="at most 400 topics"):
        topic_add(actor=ktp.actor, plan=ktp.plan, data=TopicData("Лишняя"))
    assert PlanTopic.objects.filter(plan=ktp.plan).count() == 400


def _template(ktp: Ktp) -> ThematicPlan:
    template = f.ThematicPlanFactory.create(
        school_class=None,
        school=ktp.school,
        academic_year=ktp.year,
        grade=5,
        is_template=True,
        teacher=None,
        subject=ktp.subject,
    )
    topics(template, [1, 2])
    return template


def test_a_template_creates_the_plans_of_classes(ktp: Ktp) -> None:
    # given a grade-5 template, a class with a plan and two without (one with a load line)
    template = _template(ktp)
    b = f.SchoolClassFactory.create(period_set=ktp.school_class.period_set, letter="Б")
    c = f.SchoolClassFactory.create(period_set=ktp.school_class.period_set, letter="В")
    load = f.TeachingAssignmentFactory.create(
        school_class=c, subject=ktp.subject, teacher__school=ktp.school
    )
    # when the administration applies the template
    report = template_apply(actor=SYSTEM, template=template, classes=[ktp.school_class, b, c])
    # then the classes without a plan get one with the template's topics
    assert [p.school_class for p in report.created] == [b, c]
    assert report.skipped == [
        (ktp.school_class.name, "the class already has a plan for this subject")
    ]
    plan_c = ThematicPlan.objects.get(school_class=c, subject=ktp.subject)
    assert plan_c.template == template
    assert plan_c.teacher == load.teacher
    assert _titles(plan_c) == ["Тема 1", "Тема 2"]


def test_a_template_of_another_grade_refuses_every_class(ktp: Ktp) -> None:
    template = _template(ktp)
    six = f.SchoolClassFactory.create(period_set=ktp.school_class.period_set, grade=6)
    b = f.SchoolClassFactory.create(period_set=ktp.school_class.period_set, letter="Б")
    with pytest.raises(ValidationError, match="the template is for grade 5"):
        template_apply(actor=SYSTEM, template=template, classes=[b, six])
    assert not ThematicPlan.objects.filter(school_class=b).exists()


def test_reapplying_a_template(ktp: Ktp) -> None:
    template = _template(ktp)
    b = f.SchoolClassFactory.create(period_set=ktp.school_class.period_set, letter="Б")
    [plan] = template_apply(actor=SYSTEM, template=template, classes=[b]).created
    topic_add(actor=SYSTEM, plan=template, data=TopicData("Новая"))
    assert template_reapply(actor=SYSTEM, plan=plan) == 3
    assert _titles(plan) == ["Тема 1", "Тема 2", "Новая"]
    with pytest.raises(ValidationError, match="does not follow a template"):
        template_reapply(actor=SYSTEM, plan=ktp.plan)


def test_a_teacher_edits_templates_of_subjects_they_teach(ktp: Ktp) -> None:
    template = _template(ktp)
    with pytest.raises(PermissionDenied):
        topic_add(actor=ktp.actor, plan=template, data=TopicData("Тема"))
    f.TeachingAssignmentFactory.create(
        school_class=ktp.school_class, subject=ktp.subject, teacher=ktp.teacher
    )
    topic_add(actor=ktp.actor, plan=template, data=TopicData("Тема"))
    assert _titles(template)[-1] == "Тема"
