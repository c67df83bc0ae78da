"""The role matrix of every read endpoint over two schools (and a third one out of reach).

For each role of school A and of school B, the municipal specialist of A and B, and the
superuser: the list returns exactly the rows the access rules give (so a user of school B never
sees a row of school A), and the detail of every other row answers 404.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from parta.api.tests.helpers import ApiWorld, check_visibility, rows_of, school_ids_of
from parta.core.testing import factories as f
from parta.curriculum.models import Subject
from parta.organizations.models import (
    AcademicYear,
    Building,
    HolidaySet,
    Organization,
    PeriodSet,
    Room,
    StudyPeriod,
)
from parta.people.models import (
    Enrollment,
    Guardianship,
    SchoolClass,
    StaffMember,
    Student,
    StudyGroup,
)

#: Registries that everybody in a school reads (and municipal readers above it).
SCHOOL_WIDE = {
    "academic-years": AcademicYear,
    "period-sets": PeriodSet,
    "study-periods": StudyPeriod,
    "holiday-sets": HolidaySet,
    "buildings": Building,
    "rooms": Room,
    "classes": SchoolClass,
    "study-groups": StudyGroup,
    "staff": StaffMember,
}


@pytest.fixture
def school_c_rows(api_world: ApiWorld) -> None:
    """School C (another municipality) gets a class, staff, a student: nobody but the
    superuser may see them."""
    c = api_world.c_school
    period_set = f.PeriodSetFactory.create(academic_year__school=c)
    f.HolidayFactory.create(holiday_set__academic_year=period_set.academic_year)
    room = f.RoomFactory.create(school=c, building=f.BuildingFactory.create(school=c))
    school_class = f.SchoolClassFactory.create(period_set=period_set, home_room=room)
    f.StudyGroupFactory.create(school_class=school_class)
    enrollment = f.EnrollmentFactory.create(school_class=school_class)
    f.GuardianshipFactory.create(student=enrollment.student)
    f.StaffMemberFactory.create(school=c)
    Subject.objects.create(school=c, name="Краеведение C")


@pytest.mark.usefixtures("school_c_rows")
@pytest.mark.parametrize("endpoint", sorted(SCHOOL_WIDE))
def test_school_wide_registry_matrix(api, api_world, endpoint):
    model = SCHOOL_WIDE[endpoint]

    def expected(who: str, home: str) -> set[int]:
        return rows_of(model, school_ids_of(api_world.world, who, home))

    check_visibility(
        api,
        api_world.world,
        endpoint,
        expected,
        model._default_manager.values_list("pk", flat=True),
    )


@pytest.mark.usefixtures("school_c_rows")
def test_organizations_matrix(api, api_world):
    w = api_world

    def expected(who: str, home: str) -> set[int]:
        if who == "superuser":
            return set(Organization.objects.values_list("pk", flat=True))
        if who == "municipal_specialist":
            return {w.region.pk, w.municipality.pk, w.a.school.pk, w.b.school.pk}
        return {w.region.pk, w.municipality.pk, getattr(w, home).school.pk}

    check_visibility(
        api, w.world, "organizations", expected, Organization.objects.values_list("pk", flat=True)
    )


@pytest.mark.usefixtures("school_c_rows")
def test_subjects_matrix(api, api_world):
    federal = set(Subject.objects.filter(school__isnull=True).values_list("pk", flat=True))
    assert len(federal) > 10  # the federal catalogue is seeded by a migration

    def expected(who: str, home: str) -> set[int]:
        return federal | rows_of(Subject, school_ids_of(api_world.world, who, home))

    own = Subject.objects.filter(school__isnull=False).values_list("pk", flat=True)
    check_visibility(api, api_world.world, "subjects", expected, [*own, min(federal)])


def _student_expectations(w: ApiWorld) -> Callable[[str, str], set[Student]]:
    def students(who: str, home: str) -> set[Student]:
        if who == "superuser":
            return set(Student.objects.all())
        if who == "municipal_specialist":
            return set(Student.objects.filter(school__in=[w.a.school, w.b.school]))
        sw = getattr(w, home)
        return {
            "director": {sw.student, sw.other_student},
            "deputy_director": {sw.student, sw.other_student},
            "secretary": {sw.student, sw.other_student},
            "hr_officer": {sw.student, sw.other_student},
            "teacher": {sw.student, sw.other_student},  # the class teacher of 5А
            "teacher_no_class": set(),
            "student": {sw.student},
            "parent": {sw.student},
        }[who]

    return students


@pytest.mark.usefixtures("school_c_rows")
@pytest.mark.parametrize("auth", ["session", "token"])
def test_students_matrix(api, api_world, auth):
    students = _student_expectations(api_world)
    check_visibility(
        api,
        api_world.world,
        "students",
        lambda who, home: {s.pk for s in students(who, home)},
        Student.objects.values_list("pk", flat=True),
        auth=auth,
    )


@pytest.mark.usefixtures("school_c_rows")
def test_guardians_matrix(api, api_world):
    students = _student_expectations(api_world)
    check_visibility(
        api,
        api_world.world,
        "guardians",
        lambda who, home: set(
            Guardianship.objects.filter(student__in=students(who, home)).values_list(
                "pk", flat=True
            )
        ),
        Guardianship.objects.values_list("pk", flat=True),
    )


@pytest.mark.usefixtures("school_c_rows")
def test_enrollments_matrix(api, api_world):
    students = _student_expectations(api_world)
    check_visibility(
        api,
        api_world.world,
        "enrollments",
        lambda who, home: set(
            Enrollment.objects.filter(student__in=students(who, home)).values_list("pk", flat=True)
        ),
        Enrollment.objects.values_list("pk", flat=True),
    )
