"""Reads of people, classes and groups for pages and the API."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Greatest, Least
from django.utils import timezone

from parta.accounts.access import access_for
from parta.organizations.models import AcademicYear, Organization
from parta.people import rules
from parta.people.choices import StudyGroupKind
from parta.people.models import (
    Enrollment,
    Guardianship,
    Person,
    SchoolClass,
    StaffMember,
    Student,
    StudyGroup,
    StudyGroupMembership,
)


def current_year(school: Organization, day: datetime.date | None = None) -> AcademicYear | None:
    """The academic year containing `day` (today), else the latest one."""
    day = day or timezone.localdate()
    years = AcademicYear.objects.filter(school=school)
    return (
        years.filter(start_date__lte=day, end_date__gte=day).first()
        or years.order_by("-start_date").first()
    )


def day_in_year(year: AcademicYear | None, day: datetime.date | None = None) -> datetime.date:
    """`day` (today) moved into the year: a past year is seen on its last day, a coming year on
    its first."""
    day = day or timezone.localdate()
    if year is None:
        return day
    return min(max(day, year.start_date), year.end_date)


def _day_in_class_year() -> Greatest:
    """SQL twin of `day_in_year` for a row with an `academic_year`."""
    return Greatest(
        F("academic_year__start_date"),
        Least(F("academic_year__end_date"), Value(timezone.localdate())),
    )


def class_list(school: Organization, year: AcademicYear | None) -> Any:
    """Classes (of a year, or of all years) with class teacher, room and the number of students
    enrolled today (on the last day of a past year, the first day of a coming one)."""
    day = _day_in_class_year()
    active = Q(enrollments__start_date__lte=day) & (
        Q(enrollments__end_date__isnull=True) | Q(enrollments__end_date__gte=day)
    )
    qs = SchoolClass.objects.filter(school=school)
    if year is not None:
        qs = qs.filter(academic_year=year)
    return (
        qs.select_related("class_teacher__person", "home_room", "academic_year")
        .annotate(student_count=Count("enrollments", filter=active, distinct=True))
        .order_by("-academic_year__start_date", "grade", "letter")
    )


def class_roster(school_class: SchoolClass, day: datetime.date | None = None) -> list[Student]:
    """Students enrolled in the class on `day`, in alphabetical order."""
    day = day or timezone.localdate()
    return list(
        Student.objects.filter(
            enrollments__school_class=school_class, enrollments__start_date__lte=day
        )
        .filter(Q(enrollments__end_date__isnull=True) | Q(enrollments__end_date__gte=day))
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
        .distinct()
    )


def current_classes(
    students: list[Student], day: datetime.date | None = None
) -> dict[int, SchoolClass]:
    """Student id → the class they are enrolled in on `day`, in one query."""
    day = day or timezone.localdate()
    rows = (
        Enrollment.objects.filter(student__in=students)
        .active_on(day)
        .select_related("school_class__class_teacher__person")
    )
    return {row.student_id: row.school_class for row in rows}


def school_counts(school_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per school: classes this year, students enrolled today, active staff (three queries)."""
    today = timezone.localdate()
    counts: dict[int, dict[str, int]] = defaultdict(
        lambda: {"classes": 0, "students": 0, "staff": 0}
    )
    for row in (
        SchoolClass.objects.filter(
            school_id__in=school_ids,
            academic_year__start_date__lte=today,
            academic_year__end_date__gte=today,
        )
        .values("school_id")
        .annotate(n=Count("pk"))
    ):
        counts[row["school_id"]]["classes"] = row["n"]
    for row in (
        Enrollment.objects.filter(school_id__in=school_ids)
        .active_on(today)
        .values("school_id")
        .annotate(n=Count("student_id", distinct=True))
    ):
        counts[row["school_id"]]["students"] = row["n"]
    for row in (
        StaffMember.objects.filter(school_id__in=school_ids)
        .active()
        .values("school_id")
        .annotate(n=Count("pk"))
    ):
        counts[row["school_id"]]["staff"] = row["n"]
    return counts


def staff_with_positions(school: Organization) -> Any:
    return (
        StaffMember.objects.filter(school=school)
        .select_related("person")
        .prefetch_related(Prefetch("positions"))
    )


# --- who opens what ----------------------------------------------------------------------------


def classes_openable_by(user: Any, school: Organization) -> QuerySet[SchoolClass]:
    """Classes whose page (roster, history) the user may open: every class of the school for
    its staff and municipal readers, the classes they lead for a class teacher."""
    qs = SchoolClass.objects.filter(school=school)
    if access_for(user).reads_whole_school(school.pk):
        return qs
    return qs.filter(class_teacher__person__user_id=user.pk)


def student_cards_openable_by(user: Any, school: Organization) -> QuerySet[Student]:
    """Students whose personal card the user may open (`people.rules.student_personal_q`:
    the administration, the class teacher, the student's parents, the student)."""
    return Student.objects.filter(school=school).filter(rules.student_personal_q(user))


def staff_cards_openable_by(user: Any, school: Organization) -> QuerySet[StaffMember]:
    """Staff cards (personal data): the administration, HR and the member themself
    (`people.rules.staff_personal_q`)."""
    return StaffMember.objects.filter(school=school).filter(rules.staff_personal_q(user))


# --- classes -----------------------------------------------------------------------------------


@dataclass
class RosterRow:
    enrollment: Enrollment
    number: int | None = None
    #: joined after the first day of the year
    arrived: bool = False


@dataclass
class ClassRoster:
    day: datetime.date
    current: list[RosterRow] = field(default_factory=list)
    left: list[RosterRow] = field(default_factory=list)
    coming: list[RosterRow] = field(default_factory=list)


def class_roster_on(school_class: SchoolClass, day: datetime.date) -> ClassRoster:
    """The class on `day` in one query: who is in it (numbered alphabetically, with the date of
    arrival of those who came during the year), who has left it and who is still to come."""
    rows = (
        Enrollment.objects.filter(school_class=school_class)
        .select_related("student__person")
        .order_by("student__person__last_name", "student__person__first_name", "start_date")
    )
    year_start = school_class.academic_year.start_date
    roster = ClassRoster(day=day)
    for enrollment in rows:
        row = RosterRow(enrollment=enrollment, arrived=enrollment.start_date > year_start)
        if enrollment.start_date > day:
            roster.coming.append(row)
        elif enrollment.end_date is not None and enrollment.end_date < day:
            roster.left.append(row)
        else:
            roster.current.append(row)
    for number, row in enumerate(roster.current, start=1):
        row.number = number
    roster.left.sort(
        key=lambda row: (row.enrollment.end_date, row.enrollment.student.person.last_name)
    )
    roster.coming.sort(key=lambda row: row.enrollment.start_date)
    return roster


def students_without_class(school: Organization, day: datetime.date) -> QuerySet[Student]:
    """Students of the school not enrolled in any class on `day` (and not withdrawn)."""
    enrolled = Enrollment.objects.filter(student=OuterRef("pk")).active_on(day)
    return (
        Student.objects.filter(school=school)
        .filter(Q(withdrawal_date__isnull=True) | Q(withdrawal_date__gt=day))
        .exclude(Exists(enrolled))
        .select_related("person")
    )


def classes_of_year(school: Organization, year: AcademicYear | None) -> QuerySet[SchoolClass]:
    qs = SchoolClass.objects.filter(school=school).select_related("academic_year")
    return qs.filter(academic_year=year) if year is not None else qs


def classes_from_year(school: Organization, day: datetime.date) -> QuerySet[SchoolClass]:
    """Classes of the years that have not ended by `day` (targets of a move)."""
    return (
        SchoolClass.objects.filter(school=school, academic_year__end_date__gte=day)
        .select_related("academic_year")
        .order_by("academic_year__start_date", "grade", "letter")
    )


def study_groups_of_class(school_class: SchoolClass) -> list[StudyGroup]:
    return list(
        StudyGroup.objects.filter(school_class=school_class)
        .select_related("subject")
        .order_by("name")
    )


# --- students and staff ------------------------------------------------------------------------


def with_current_class(qs: QuerySet[Student], day: datetime.date) -> QuerySet[Student]:
    """Students with `current_enrollments` (the rows active on `day`, with their class): one
    extra query for a whole page."""
    return qs.prefetch_related(
        Prefetch(
            "enrollments",
            queryset=Enrollment.objects.active_on(day).select_related("school_class"),
            to_attr="current_enrollments",
        )
    )


def enrolled_filter(day: datetime.date, **enrollment_filters: Any) -> Exists:
    """`Exists(...)` for a `Student` query: enrolled on `day` (in classes matching the
    filters)."""
    return Exists(
        Enrollment.objects.filter(student=OuterRef("pk"), **enrollment_filters).active_on(day)
    )


def student_enrollments(student: Student) -> list[Enrollment]:
    return list(
        Enrollment.objects.filter(student=student)
        .select_related("school_class__academic_year")
        .order_by("start_date")
    )


def student_guardianships(student: Student) -> list[Guardianship]:
    return list(
        Guardianship.objects.filter(student=student)
        .select_related("guardian__user")
        .order_by("guardian__last_name", "guardian__first_name")
    )


def student_study_groups(student: Student) -> list[StudyGroupMembership]:
    return list(
        StudyGroupMembership.objects.filter(student=student)
        .select_related("group__subject")
        .order_by("-start_date", "group__name")
    )


def persons_linked_to_school(school: Organization) -> QuerySet[Person]:
    """People the school knows: its students, its staff and the parents of its students. A
    person known only to another school is not among them."""
    return Person.objects.filter(
        Exists(Student.objects.filter(person=OuterRef("pk"), school=school))
        | Exists(StaffMember.objects.filter(person=OuterRef("pk"), school=school))
        | Exists(Guardianship.objects.filter(guardian=OuterRef("pk"), school=school))
    )


def person_search(school: Organization, query: str, limit: int = 20) -> list[Person]:
    """People of the school whose name (every word) or SNILS matches `query`."""
    from parta.core.validators import format_snils, normalize_snils

    terms = query.split()
    if not terms:
        return []
    qs = persons_linked_to_school(school)
    digits = normalize_snils(query)
    if len(digits) == 11 and len(terms) <= 2:
        qs = qs.filter(snils=format_snils(digits))
    else:
        for term in terms:
            qs = qs.filter(
                Q(last_name__icontains=term)
                | Q(first_name__icontains=term)
                | Q(patronymic__icontains=term)
            )
    return list(qs.order_by("last_name", "first_name", "patronymic")[:limit])


@dataclass
class PersonLinks:
    """What ties a person to a school: the records a login page acts on."""

    person: Person
    student: Student | None = None
    staff: StaffMember | None = None
    children: list[Student] = field(default_factory=list)

    @property
    def is_staff_only(self) -> bool:
        return self.staff is not None and self.student is None and not self.children


def person_links(school: Organization, person_id: int) -> PersonLinks | None:
    """The person with their records in the school, or None when the school does not know
    them (so that a tampered id leads nowhere)."""
    person = persons_linked_to_school(school).filter(pk=person_id).select_related("user").first()
    if person is None:
        return None
    return PersonLinks(
        person=person,
        student=Student.objects.filter(school=school, person=person).first(),
        staff=StaffMember.objects.filter(school=school, person=person).first(),
        children=list(
            Student.objects.filter(school=school, guardianships__guardian=person)
            .select_related("person")
            .distinct()
        ),
    )


def staff_list(school: Organization) -> QuerySet[StaffMember]:
    return staff_with_positions(school).select_related("person__user")


def staff_roles(member: StaffMember) -> list[str]:
    user_id = member.person.user_id
    if user_id is None:
        return []
    from parta.accounts.models import RoleAssignment

    return list(
        RoleAssignment.objects.filter(user_id=user_id, organization_id=member.school_id)
        .order_by("role")
        .values_list("role", flat=True)
    )


# --- study groups ------------------------------------------------------------------------------


def study_group_list(school: Organization) -> QuerySet[StudyGroup]:
    """Groups with their class, subject and the number of members today (or on the last day of
    a past year)."""
    day = _day_in_class_year()
    active = Q(memberships__start_date__lte=day) & (
        Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=day)
    )
    return (
        StudyGroup.objects.filter(school=school)
        .select_related("school_class", "subject", "academic_year")
        .annotate(member_count=Count("memberships", filter=active, distinct=True))
        .order_by("-academic_year__start_date", "grade", "name")
    )


def group_memberships(group: StudyGroup) -> list[StudyGroupMembership]:
    return list(
        StudyGroupMembership.objects.filter(group=group)
        .select_related("student__person")
        .order_by("student__person__last_name", "student__person__first_name", "start_date")
    )


def group_candidates(group: StudyGroup, day: datetime.date) -> list[Student]:
    """Students who may join the group on `day`: enrolled on that day in its class (or in a
    class of its grade and year) and not already members on that day."""
    if group.kind == StudyGroupKind.SUBGROUP:
        enrolled = enrolled_filter(day, school_class_id=group.school_class_id)
    else:
        enrolled = enrolled_filter(
            day,
            school_class__grade=group.grade,
            school_class__academic_year_id=group.academic_year_id,
        )
    member = Exists(
        StudyGroupMembership.objects.filter(group=group, student=OuterRef("pk"))
        .filter(start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
    )
    return list(
        Student.objects.filter(school_id=group.school_id)
        .filter(enrolled)
        .exclude(member)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )


def class_logins_missing(school_class: SchoolClass, day: datetime.date) -> dict[str, int]:
    """How many students of the class on `day`, and how many of their parents, have no login."""
    roster = [row.enrollment.student for row in class_roster_on(school_class, day).current]
    parent_ids = set(
        Guardianship.objects.filter(student__in=roster, guardian__user__isnull=True).values_list(
            "guardian_id", flat=True
        )
    )
    return {
        "students": sum(1 for student in roster if student.person.user_id is None),
        "parents": len(parent_ids),
    }
