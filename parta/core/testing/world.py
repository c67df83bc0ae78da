"""The two-school world every access test runs against.

Region → municipality M → schools A and B; another municipality M2 → school C. Schools A and B
each have a year with quarters, main holidays, a room, class 5А with its class teacher, a
second teacher without a class, two students (one with a login) and a parent with a login, and
one user per administrative role. A municipal specialist of M reads A and B, not C.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from parta.accounts.choices import Role
from parta.accounts.models import RoleAssignment, User
from parta.core.testing import factories as f
from parta.organizations.choices import OrganizationKind
from parta.organizations.models import AcademicYear, Organization, PeriodSet, Room
from parta.people.models import Guardianship, Person, SchoolClass, StaffMember, Student

PASSWORD = "parta-test-pass"

#: The per-school roles every world school has one user for (plus teacher_no_class).
SCHOOL_ROLES = [
    Role.DIRECTOR,
    Role.DEPUTY_DIRECTOR,
    Role.SECRETARY,
    Role.HR_OFFICER,
    Role.TEACHER,
    Role.STUDENT,
    Role.PARENT,
]


@dataclass
class SchoolWorld:
    school: Organization
    year: AcademicYear
    period_set: PeriodSet
    room: Room
    school_class: SchoolClass
    class_teacher: StaffMember
    student: Student
    other_student: Student
    parent: Person
    guardianship: Guardianship
    users: dict[str, User] = field(default_factory=dict)


@dataclass
class World:
    region: Organization
    municipality: Organization
    other_municipality: Organization
    a: SchoolWorld
    b: SchoolWorld
    c_school: Organization
    municipal_specialist: User
    superuser: User

    def user(self, who: str, school: str = "a") -> User:
        """`who` is a role name, 'teacher_no_class', 'municipal_specialist' or 'superuser'."""
        if who == "municipal_specialist":
            return self.municipal_specialist
        if who == "superuser":
            return self.superuser
        return getattr(self, school).users[who]


def _login(username: str, person: Person | None = None) -> User:
    user = f.UserFactory.create(username=username)
    if person is not None:
        person.user = user
        person.save(update_fields=["user"])
    return user


def _school_world(code: str, municipality: Organization) -> SchoolWorld:
    school = f.OrganizationFactory.create(
        parent=municipality,
        short_name=f"Школа {code.upper()}",
        full_name=f"МБОУ СОШ {code.upper()}",
    )
    period_set = f.PeriodSetFactory.create(academic_year__school=school)
    year = period_set.academic_year
    f.HolidayFactory.create(holiday_set__academic_year=year)
    room = f.RoomFactory.create(school=school, number="101")
    teacher_person = f.PersonFactory.create(
        last_name=f"Учителева{code}", first_name="Анна", sex="f"
    )
    class_teacher = f.StaffMemberFactory.create(school=school, person=teacher_person)
    school_class = f.SchoolClassFactory.create(
        period_set=period_set, grade=5, letter="А", class_teacher=class_teacher, home_room=room
    )
    student_person = f.PersonFactory.create(last_name=f"Ученик{code}", first_name="Пётр")
    student = f.StudentFactory.create(school=school, person=student_person)
    f.EnrollmentFactory.create(school_class=school_class, student=student)
    other_student = f.StudentFactory.create(school=school)
    f.EnrollmentFactory.create(school_class=school_class, student=other_student)
    parent = f.PersonFactory.create(last_name=f"Родителева{code}", first_name="Мария", sex="f")
    guardianship = f.GuardianshipFactory.create(student=student, guardian=parent)

    users: dict[str, User] = {}
    for role in SCHOOL_ROLES:
        person: Person | None = None
        if role == Role.TEACHER:
            person = teacher_person
        elif role == Role.STUDENT:
            person = student_person
        elif role == Role.PARENT:
            person = parent
        user = _login(f"{code}_{role}", person)
        RoleAssignment.objects.create(user=user, organization=school, role=role)
        users[role] = user
    other_teacher_person = f.PersonFactory.create(
        last_name=f"Предметникова{code}", first_name="Ольга"
    )
    f.StaffMemberFactory.create(school=school, person=other_teacher_person)
    users["teacher_no_class"] = _login(f"{code}_teacher_no_class", other_teacher_person)
    RoleAssignment.objects.create(
        user=users["teacher_no_class"], organization=school, role=Role.TEACHER
    )
    return SchoolWorld(
        school=school,
        year=year,
        period_set=period_set,
        room=room,
        school_class=school_class,
        class_teacher=class_teacher,
        student=student,
        other_student=other_student,
        parent=parent,
        guardianship=guardianship,
        users=users,
    )


def build_world() -> World:
    region = f.OrganizationFactory.create(
        kind=OrganizationKind.REGION, short_name="Регион", full_name="Тестовый регион"
    )
    municipality = f.OrganizationFactory.create(
        kind=OrganizationKind.MUNICIPALITY, parent=region, short_name="УО М", full_name="УО М"
    )
    other = f.OrganizationFactory.create(
        kind=OrganizationKind.MUNICIPALITY, parent=region, short_name="УО М2", full_name="УО М2"
    )
    a = _school_world("a", municipality)
    b = _school_world("b", municipality)
    c_school = f.OrganizationFactory.create(
        parent=other, short_name="Школа C", full_name="МБОУ СОШ C"
    )
    specialist = _login("m_specialist")
    RoleAssignment.objects.create(
        user=specialist, organization=municipality, role=Role.MUNICIPAL_SPECIALIST
    )
    superuser = f.UserFactory.create(username="root", is_superuser=True, is_staff=True)
    return World(
        region=region,
        municipality=municipality,
        other_municipality=other,
        a=a,
        b=b,
        c_school=c_school,
        municipal_specialist=specialist,
        superuser=superuser,
    )
