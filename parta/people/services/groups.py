"""Study groups and their members. Membership rows, like enrollments, carry dates: leaving a
group ends the row rather than deleting it (deleting is for rows entered by mistake)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parta.core.context import Actor
from parta.core.services.records import record_create, record_delete, record_update
from parta.curriculum.models import Subject
from parta.people.choices import StudyGroupKind
from parta.people.models import SchoolClass, Student, StudyGroup, StudyGroupMembership

#: what a group with members may no longer change: its members were chosen for it
_FIXED_WITH_MEMBERS = {
    "academic_year": "academic_year_id",
    "kind": "kind",
    "school_class": "school_class_id",
    "grade": "grade",
}


@transaction.atomic
def study_group_create(*, actor: Actor, group: StudyGroup) -> StudyGroup:
    return record_create(actor=actor, instance=group)


@transaction.atomic
def study_group_update(
    *, actor: Actor, group: StudyGroup, data: Mapping[str, object]
) -> StudyGroup:
    """Edit a group. Once it has members, its year, kind, class and grade stay as they are."""
    saved = StudyGroup.objects.get(pk=group.pk)
    for name, value in data.items():
        setattr(group, name, value)
    group.clean()  # a subgroup takes the grade of its class
    changed = [
        name
        for name, attname in _FIXED_WITH_MEMBERS.items()
        if getattr(group, attname) != getattr(saved, attname)
    ]
    if changed and StudyGroupMembership.objects.filter(group_id=saved.pk).exists():
        raise ValidationError(
            {
                changed[0]: _(
                    "The group has members: its year, kind, class and grade cannot change. "
                    "Create another group instead."
                )
            }
        )
    return record_update(actor=actor, instance=group, data=dict(data))


@transaction.atomic
def study_group_members_add(
    *,
    actor: Actor,
    group: StudyGroup,
    students: Iterable[Student],
    start_date: datetime.date,
) -> list[StudyGroupMembership]:
    """Add students to a group from `start_date`; all of them or, when one cannot join (not in
    the class or grade that day, already a member), none, with a message naming the student."""
    students = list(students)
    if not students:
        raise ValidationError({"students": _("Choose at least one student.")})
    created = []
    for student in students:
        membership = StudyGroupMembership(
            school_id=group.school_id, group=group, student=student, start_date=start_date
        )
        try:
            created.append(record_create(actor=actor, instance=membership))
        except ValidationError as exc:
            raise ValidationError(
                _("%(student)s: %(problem)s")
                % {"student": student.person.full_name, "problem": " ".join(exc.messages)}
            ) from exc
    return created


@transaction.atomic
def study_group_member_end(
    *, actor: Actor, membership: StudyGroupMembership, end_date: datetime.date
) -> StudyGroupMembership:
    """The student leaves the group: `end_date` is their last day in it."""
    if end_date < membership.start_date:
        raise ValidationError(
            {
                "end_date": _(
                    "The last day in the group cannot be earlier than the first (%(start)s). "
                    "Delete the row if it was entered by mistake."
                )
                % {"start": membership.start_date.strftime("%d.%m.%Y")}
            }
        )
    return record_update(actor=actor, instance=membership, data={"end_date": end_date})


@transaction.atomic
def study_group_member_delete(*, actor: Actor, membership: StudyGroupMembership) -> None:
    record_delete(actor=actor, instance=membership)


@transaction.atomic
def study_group_split(
    *,
    actor: Actor,
    school_class: SchoolClass,
    names: tuple[str, str],
    subject: Subject | None,
    start_date: datetime.date,
    first: Sequence[Student],
    second: Sequence[Student],
) -> tuple[StudyGroup, StudyGroup]:
    """Split a class into two subgroups in one step: both groups and their members, or
    nothing."""
    if names[0].strip().casefold() == names[1].strip().casefold():
        raise ValidationError({"name_2": _("The two subgroups need different names.")})
    if {s.pk for s in first} & {s.pk for s in second}:
        raise ValidationError(_("A student can be in only one of the two subgroups."))
    groups = []
    for name, members in ((names[0], first), (names[1], second)):
        group = study_group_create(
            actor=actor,
            group=StudyGroup(
                school_id=school_class.school_id,
                academic_year_id=school_class.academic_year_id,
                kind=StudyGroupKind.SUBGROUP,
                name=name.strip(),
                school_class=school_class,
                grade=school_class.grade,
                subject=subject,
            ),
        )
        if members:
            study_group_members_add(
                actor=actor, group=group, students=members, start_date=start_date
            )
        groups.append(group)
    return groups[0], groups[1]
