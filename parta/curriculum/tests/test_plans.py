"""Curricula, their lines and the teaching load: model rules, services, selectors."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.curriculum.models import Curriculum, CurriculumItem, Subject, TeachingAssignment
from parta.curriculum.selectors import curriculum_totals, load_check, plan_for_class
from parta.curriculum.services import (
    assignment_create,
    curriculum_copy_to_year,
    curriculum_create,
    curriculum_delete,
    item_create,
)

ACTOR = Actor(user=None)

D = Decimal


def _subjects(n=3):
    return list(Subject.objects.federal().order_by("name")[:n])


def _next_year(sw):
    year = sw.year
    return f.AcademicYearFactory.create(
        school=sw.school,
        start_date=year.start_date.replace(year=year.start_date.year + 1),
        end_date=year.end_date.replace(year=year.end_date.year + 1),
        name="next",
    )


def test_a_plan_needs_a_grade_or_a_class_but_not_both(world):
    sw = world.a
    with pytest.raises(ValidationError):
        Curriculum(school=sw.school, academic_year=sw.year, name="X").full_clean()
    with pytest.raises(ValidationError):
        Curriculum(
            school=sw.school, academic_year=sw.year, name="X", grade=5, school_class=sw.school_class
        ).full_clean()
    Curriculum(school=sw.school, academic_year=sw.year, name="X", grade=5).full_clean()
    Curriculum(
        school=sw.school, academic_year=sw.year, name="X", school_class=sw.school_class
    ).full_clean()


def test_one_plan_per_grade_and_per_class(world):
    sw = world.a
    curriculum_create(
        actor=ACTOR,
        instance=Curriculum(school=sw.school, academic_year=sw.year, name="5", grade=5),
    )
    with pytest.raises(ValidationError, match="already has a curriculum"):
        curriculum_create(
            actor=ACTOR,
            instance=Curriculum(school=sw.school, academic_year=sw.year, name="5 bis", grade=5),
        )


def test_plan_refuses_another_schools_year_and_class(world):
    with pytest.raises(ValidationError) as info:
        Curriculum(
            school=world.a.school,
            academic_year=world.b.year,
            name="X",
            school_class=world.b.school_class,
        ).full_clean()
    assert {"academic_year", "school_class"} <= set(info.value.message_dict)


@pytest.mark.parametrize(
    ("hours", "ok"), [("0.5", True), ("0", False), ("-1", False), ("34", True)]
)
def test_item_hours_must_be_positive(world, hours, ok):
    plan = f.CurriculumFactory.create(academic_year=world.a.year)
    item = CurriculumItem(
        school=world.a.school, curriculum=plan, subject=_subjects(1)[0], hours_per_week=D(hours)
    )
    if ok:
        item.full_clean()
    else:
        with pytest.raises(ValidationError):
            item.full_clean()


def test_item_refuses_another_schools_subject(world):
    plan = f.CurriculumFactory.create(academic_year=world.a.year)
    foreign = Subject.objects.create(school=world.b.school, name="Чужой курс")
    with pytest.raises(ValidationError) as info:
        CurriculumItem(
            school=world.a.school, curriculum=plan, subject=foreign, hours_per_week=1
        ).full_clean()
    assert "subject" in info.value.message_dict


def test_item_subject_unique_in_plan(world):
    plan = f.CurriculumFactory.create(academic_year=world.a.year)
    subject = _subjects(1)[0]
    item_create(
        actor=ACTOR, instance=CurriculumItem(curriculum=plan, subject=subject, hours_per_week=1)
    )
    with pytest.raises(ValidationError, match="already has this subject"):
        item_create(
            actor=ACTOR,
            instance=CurriculumItem(curriculum=plan, subject=subject, hours_per_week=2),
        )


def test_assignment_rules(world):
    sw = world.a
    math, eng = _subjects(2)
    base = {
        "school": sw.school,
        "academic_year": sw.year,
        "teacher": sw.class_teacher,
        "subject": math,
        "hours_per_week": D(2),
    }
    with pytest.raises(ValidationError):
        TeachingAssignment(**base).full_clean()
    group = f.StudyGroupFactory.create(school_class=sw.school_class, subject=eng)
    with pytest.raises(ValidationError):
        TeachingAssignment(**base, school_class=sw.school_class, study_group=group).full_clean()
    with pytest.raises(ValidationError) as info:
        TeachingAssignment(**base, study_group=group).full_clean()
    assert "subject" in info.value.message_dict
    TeachingAssignment(**{**base, "subject": eng}, study_group=group).full_clean()
    with pytest.raises(ValidationError) as info:
        TeachingAssignment(
            **{**base, "teacher": world.b.class_teacher}, school_class=sw.school_class
        ).full_clean()
    assert "teacher" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        TeachingAssignment(**base, school_class=world.b.school_class).full_clean()
    assert "school_class" in info.value.message_dict


def test_services_audit_each_write(world):
    sw = world.a
    plan = curriculum_create(
        actor=ACTOR,
        instance=Curriculum(school=sw.school, academic_year=sw.year, name="5", grade=5),
    )
    item_create(
        actor=ACTOR,
        instance=CurriculumItem(curriculum=plan, subject=_subjects(1)[0], hours_per_week=1),
    )
    assignment_create(
        actor=ACTOR,
        instance=TeachingAssignment(
            school=sw.school,
            academic_year=sw.year,
            teacher=sw.class_teacher,
            subject=_subjects(1)[0],
            school_class=sw.school_class,
            hours_per_week=1,
        ),
    )
    curriculum_delete(actor=ACTOR, instance=plan)
    events = list(
        AuditEvent.objects.filter(object_type__startswith="curriculum.")
        .order_by("pk")
        .values_list("object_type", "action")
    )
    assert events == [
        ("curriculum.curriculum", "create"),
        ("curriculum.curriculumitem", "create"),
        ("curriculum.teachingassignment", "create"),
        ("curriculum.curriculumitem", "delete"),
        ("curriculum.curriculum", "delete"),
    ]


def test_plan_for_class_prefers_the_individual_plan(world):
    sw = world.a
    grade_plan = f.CurriculumFactory.create(academic_year=sw.year, grade=5)
    assert plan_for_class(sw.school_class) == grade_plan
    own = f.CurriculumFactory.create(
        academic_year=sw.year, grade=None, school_class=sw.school_class, name="5А инд."
    )
    assert plan_for_class(sw.school_class) == own
    assert plan_for_class(world.b.school_class) is None


def test_totals_and_federal_warning(world):
    plan = f.CurriculumFactory.create(academic_year=world.a.year, grade=5)
    subjects = _subjects(2)
    f.CurriculumItemFactory.create(curriculum=plan, subject=subjects[0], hours_per_week=D(20))
    totals = curriculum_totals(plan)
    assert totals.weekly == D(20)
    assert totals.annual == D(680)
    assert totals.warning is not None
    assert totals.warning.too_few
    f.CurriculumItemFactory.create(curriculum=plan, subject=subjects[1], hours_per_week=D(9))
    totals = curriculum_totals(Curriculum.objects.get(pk=plan.pk))
    assert totals.annual == D(986)
    assert totals.warning is None


def test_copy_to_next_year(world):
    sw = world.a
    target = _next_year(sw)
    math, eng = _subjects(2)
    grade_plan = f.CurriculumFactory.create(academic_year=sw.year, grade=6, name="6")
    f.CurriculumItemFactory.create(curriculum=grade_plan, subject=math, hours_per_week=5)
    f.CurriculumItemFactory.create(curriculum=grade_plan, subject=eng, hours_per_week=D("3"))
    own = f.CurriculumFactory.create(
        academic_year=sw.year, grade=None, school_class=sw.school_class, name="5А"
    )
    f.CurriculumItemFactory.create(curriculum=own, subject=math, hours_per_week=6)
    lonely_class = f.SchoolClassFactory.create(period_set=sw.period_set, grade=7, letter="Я")
    f.CurriculumFactory.create(
        academic_year=sw.year, grade=None, school_class=lonely_class, name="7Я"
    )
    target_ps = f.PeriodSetFactory.create(academic_year=target)
    class_5a = f.SchoolClassFactory.create(period_set=target_ps, grade=5, letter="А")

    report = curriculum_copy_to_year(actor=ACTOR, source_year=sw.year, target_year=target)

    assert sorted(c.name for c in report.created) == ["5А", "6"]
    assert report.items == 3
    assert [name for name, _why in report.skipped] == ["7Я"]
    copied = Curriculum.objects.get(academic_year=target, school_class=class_5a)
    assert [(i.subject_id, i.hours_per_week) for i in copied.items.all()] == [(math.pk, D(6))]
    assert AuditEvent.objects.filter(object_type="curriculum.curriculumitem").count() == 3
    # a second copy skips everything that exists already
    again = curriculum_copy_to_year(actor=ACTOR, source_year=sw.year, target_year=target)
    assert again.created == []
    assert len(again.skipped) == 3


def test_copy_is_all_or_nothing(world, monkeypatch):
    sw = world.a
    target = _next_year(sw)
    for grade in (5, 6):
        plan = f.CurriculumFactory.create(academic_year=sw.year, grade=grade, name=str(grade))
        f.CurriculumItemFactory.create(curriculum=plan, subject=_subjects(1)[0])
    from parta.curriculum.services import plans

    real = plans.item_create
    calls = []

    def failing(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise ValidationError("boom")
        return real(**kwargs)

    monkeypatch.setattr(plans, "item_create", failing)
    events_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        curriculum_copy_to_year(actor=ACTOR, source_year=sw.year, target_year=target)
    assert not Curriculum.objects.filter(academic_year=target).exists()
    assert AuditEvent.objects.count() == events_before


def test_copy_refuses_another_schools_year(world):
    with pytest.raises(ValidationError):
        curriculum_copy_to_year(actor=ACTOR, source_year=world.a.year, target_year=world.b.year)
    with pytest.raises(ValidationError):
        curriculum_copy_to_year(actor=ACTOR, source_year=world.a.year, target_year=world.a.year)


def test_load_check(world):
    sw = world.a
    math, eng, art = _subjects(3)
    plan = f.CurriculumFactory.create(academic_year=sw.year, grade=5)
    f.CurriculumItemFactory.create(curriculum=plan, subject=math, hours_per_week=5)
    f.CurriculumItemFactory.create(curriculum=plan, subject=eng, hours_per_week=3)
    g1 = f.StudyGroupFactory.create(school_class=sw.school_class, subject=eng, name="Англ 1")
    f.StudyGroupFactory.create(school_class=sw.school_class, subject=eng, name="Англ 2")
    teacher = sw.class_teacher
    common = {"school": sw.school, "academic_year": sw.year, "teacher": teacher}
    TeachingAssignment.objects.create(
        **common, subject=math, school_class=sw.school_class, hours_per_week=4
    )
    TeachingAssignment.objects.create(**common, subject=eng, study_group=g1, hours_per_week=3)
    TeachingAssignment.objects.create(
        **common, subject=art, school_class=sw.school_class, hours_per_week=1
    )

    check = load_check(sw.school, sw.year)

    [class_check] = check.classes
    found = {c.subject.pk: (c.line.missing, c.line.surplus) for c in class_check.problems}
    assert found == {math.pk: (D(1), D(0)), eng.pk: (D(3), D(0)), art.pk: (D(0), D(1))}
    [load] = check.teachers
    assert load.teacher == teacher
    assert load.total == D(8)


def test_load_check_uses_the_individual_plan_first(world):
    sw = world.a
    math = _subjects(1)[0]
    grade_plan = f.CurriculumFactory.create(academic_year=sw.year, grade=5)
    f.CurriculumItemFactory.create(curriculum=grade_plan, subject=math, hours_per_week=5)
    own = f.CurriculumFactory.create(
        academic_year=sw.year, grade=None, school_class=sw.school_class, name="5А инд."
    )
    f.CurriculumItemFactory.create(curriculum=own, subject=math, hours_per_week=6)
    [class_check] = load_check(sw.school, sw.year).classes
    assert class_check.curriculum == own
    assert [c.line.missing for c in class_check.problems] == [D(6)]


def test_the_warning_reads_in_russian(world):
    from django.utils import translation

    plan = f.CurriculumFactory.create(academic_year=world.a.year, grade=1)
    f.CurriculumItemFactory.create(curriculum=plan, hours_per_week=D(21))
    warning = curriculum_totals(plan).warning
    assert warning is not None
    with translation.override("ru"):
        assert warning.message == (
            "693 ч. в год — больше федерального максимума (653 ч.) для 1 класса."
        )
