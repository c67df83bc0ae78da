"""Who may plan assessment procedures. The school administration plans for every class; a
teacher plans for the classes and subjects of their teaching load (a line of the load for the
class or for one of its study groups). Everyone in the school reads the schedule."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from parta.accounts.access import access_for
from parta.accounts.choices import Role
from parta.curriculum.models import Subject, TeachingAssignment
from parta.people.models import SchoolClass


def _teacher_load(user: Any, school_id: int) -> QuerySet[TeachingAssignment]:
    return TeachingAssignment.objects.filter(school_id=school_id, teacher__person__user=user)


def is_planner(user: Any, school_id: int) -> bool:
    """May open the planning pages at all: administration, or a teacher with a load there."""
    access = access_for(user)
    if access.is_school_admin(school_id):
        return True
    return access.has_role(school_id, Role.TEACHER) and _teacher_load(user, school_id).exists()


def can_plan(user: Any, school_id: int, school_class_id: int, subject_id: int) -> bool:
    """May create, change or delete a procedure of this class and subject."""
    access = access_for(user)
    if access.is_school_admin(school_id):
        return True
    if not access.has_role(school_id, Role.TEACHER):
        return False
    return (
        _teacher_load(user, school_id)
        .filter(subject_id=subject_id)
        .filter(
            Q(school_class_id=school_class_id) | Q(study_group__school_class_id=school_class_id)
        )
        .exists()
    )


def plannable_classes(user: Any, school: Any) -> QuerySet[SchoolClass]:
    """The queryset twin of `can_plan` for the class: every class for the administration,
    the classes of the teacher's load otherwise."""
    classes = SchoolClass.objects.filter(school=school)
    if access_for(user).is_school_admin(school.pk):
        return classes
    load = _teacher_load(user, school.pk)
    return classes.filter(
        Q(pk__in=load.values("school_class_id"))
        | Q(pk__in=load.values("study_group__school_class_id"))
    )


def plannable_subjects(user: Any, school: Any) -> QuerySet[Subject]:
    subjects = Subject.objects.for_school(school)
    if access_for(user).is_school_admin(school.pk):
        return subjects
    return subjects.filter(pk__in=_teacher_load(user, school.pk).values("subject_id"))


def planned_pairs(user: Any, school: Any) -> set[tuple[int, int]] | None:
    """The (class id, subject id) pairs the user may plan, read in one query; None means
    every pair (the administration). The list pages use it instead of `can_plan` per row."""
    if access_for(user).is_school_admin(school.pk):
        return None
    if not access_for(user).has_role(school.pk, Role.TEACHER):
        return set()
    pairs: set[tuple[int, int]] = set()
    for class_id, group_class_id, subject_id in _teacher_load(user, school.pk).values_list(
        "school_class_id", "study_group__school_class_id", "subject_id"
    ):
        if class_id or group_class_id:
            pairs.add((class_id or group_class_id, subject_id))
    return pairs
