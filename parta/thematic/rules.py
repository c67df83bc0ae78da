"""Who reads and who edits calendar-thematic plans. Each rule is a `Q` condition (the lists and
the API filter with it) and a predicate that reads the same facts in Python, so a page, a list
and an endpoint never disagree:

* read: the staff of the school (administration, HR, teachers) and municipal specialists;
* edit: the school administration edits every plan; a teacher edits the plans whose teacher is
  their own staff record, and the templates of subjects they teach in the template's year
  (a line of the teaching load).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q

from parta.accounts.access import UserAccess, access_for
from parta.accounts.choices import Role
from parta.curriculum.models import TeachingAssignment


def reader_school_ids(access: UserAccess) -> list[int]:
    """Schools whose plans the user reads: whole-school readers and teachers."""
    teacher = {sid for sid, roles in access.school_roles.items() if Role.TEACHER in roles}
    return sorted(set(access.whole_school_ids) | teacher)


def teacher_school_ids(access: UserAccess) -> list[int]:
    return sorted(sid for sid, roles in access.school_roles.items() if Role.TEACHER in roles)


def can_read_plans(user: Any, school_id: int) -> bool:
    access = access_for(user)
    return access.is_superuser or school_id in reader_school_ids(access)


def can_write_plans(user: Any, school_id: int) -> bool:
    """May create plans in the school at all (administration and teachers)."""
    access = access_for(user)
    return access.is_school_admin(school_id) or school_id in teacher_school_ids(access)


def plan_read_q(user: Any, prefix: str = "") -> Q:
    access = access_for(user)
    if access.is_superuser:
        return Q()
    return Q(**{f"{prefix}school_id__in": reader_school_ids(access)})


def _teaches_subject(user_id: int, prefix: str) -> Exists:
    return Exists(
        TeachingAssignment.objects.filter(
            teacher__person__user_id=user_id,
            subject_id=OuterRef(f"{prefix}subject_id"),
            academic_year_id=OuterRef(f"{prefix}academic_year_id"),
        )
    )


def plan_edit_q(user: Any, prefix: str = "") -> Q:
    access = access_for(user)
    if access.is_superuser:
        return Q()
    if access.user_id is None:
        return Q(pk__in=[])
    condition = Q(**{f"{prefix}school_id__in": access.admin_school_ids})
    teaching = teacher_school_ids(access)
    if teaching:
        own = Q(**{f"{prefix}teacher__person__user_id": access.user_id})
        template = Q(**{f"{prefix}is_template": True}) & Q(_teaches_subject(access.user_id, prefix))
        condition |= Q(**{f"{prefix}school_id__in": teaching}) & (own | template)
    return condition


def can_read_plan(user: Any, plan: Any) -> bool:
    return can_read_plans(user, plan.school_id)


def can_edit_plan(user: Any, plan: Any) -> bool:
    """The predicate twin of `plan_edit_q`; works on unsaved plans too."""
    access = access_for(user)
    if access.is_school_admin(plan.school_id):
        return True
    if access.user_id is None or plan.school_id not in teacher_school_ids(access):
        return False
    teacher = plan.teacher if plan.teacher_id else None
    if teacher is not None and teacher.person.user_id == access.user_id:
        return True
    return bool(plan.is_template) and (
        TeachingAssignment.objects.filter(
            teacher__person__user_id=access.user_id,
            subject_id=plan.subject_id,
            academic_year_id=plan.academic_year_id,
        ).exists()
    )
