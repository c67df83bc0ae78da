"""factory_boy factories for the whole domain. Sub-factories keep the school consistent."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from parta.accounts.models import RoleAssignment, User
from parta.organizations.choices import OrganizationKind, PeriodKind
from parta.organizations.models import (
    AcademicYear,
    Building,
    Holiday,
    HolidaySet,
    Organization,
    PeriodSet,
    Room,
    StudyPeriod,
)
from parta.people.models import (
    Enrollment,
    Guardianship,
    Person,
    SchoolClass,
    StaffMember,
    Student,
    StudyGroup,
)


def school_year_start(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    year = today.year if today.month >= 9 else today.year - 1
    return datetime.date(year, 9, 1)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("parta-test-pass")


class OrganizationFactory(factory.django.DjangoModelFactory[Organization]):
    class Meta:
        model = Organization

    kind = OrganizationKind.SCHOOL
    full_name = factory.Sequence(lambda n: f"Муниципальное общеобразовательное учреждение № {n}")
    short_name = factory.Sequence(lambda n: f"Школа № {n}")
    timezone = "Europe/Moscow"


class AcademicYearFactory(factory.django.DjangoModelFactory[AcademicYear]):
    class Meta:
        model = AcademicYear

    school = factory.SubFactory(OrganizationFactory)
    start_date = factory.LazyFunction(school_year_start)
    end_date = factory.LazyAttribute(lambda o: datetime.date(o.start_date.year + 1, 5, 31))
    name = factory.LazyAttribute(lambda o: f"{o.start_date.year}/{o.start_date.year + 1}")


class PeriodSetFactory(factory.django.DjangoModelFactory[PeriodSet]):
    class Meta:
        model = PeriodSet
        skip_postgeneration_save = True

    academic_year = factory.SubFactory(AcademicYearFactory)
    school = factory.SelfAttribute("academic_year.school")
    kind = PeriodKind.QUARTERS
    name = "Четверти"

    @factory.post_generation
    def periods(obj: PeriodSet, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805 - factory_boy passes the built object
        if not create or extracted is False:
            return
        y = obj.academic_year.start_date.year
        bounds = [
            (datetime.date(y, 9, 1), datetime.date(y, 10, 24)),
            (datetime.date(y, 11, 5), datetime.date(y, 12, 28)),
            (datetime.date(y + 1, 1, 12), datetime.date(y + 1, 3, 21)),
            (datetime.date(y + 1, 4, 1), datetime.date(y + 1, 5, 31)),
        ]
        for number, (start, end) in enumerate(bounds, start=1):
            StudyPeriod.objects.create(
                school=obj.school,
                period_set=obj,
                number=number,
                name=f"{number} четверть",
                start_date=start,
                end_date=end,
            )


class HolidaySetFactory(factory.django.DjangoModelFactory[HolidaySet]):
    class Meta:
        model = HolidaySet

    academic_year = factory.SubFactory(AcademicYearFactory)
    school = factory.SelfAttribute("academic_year.school")
    name = "Основные каникулы"
    is_main = True


class HolidayFactory(factory.django.DjangoModelFactory[Holiday]):
    class Meta:
        model = Holiday

    holiday_set = factory.SubFactory(HolidaySetFactory)
    school = factory.SelfAttribute("holiday_set.school")
    name = "Осенние каникулы"
    start_date = factory.LazyAttribute(
        lambda o: datetime.date(o.holiday_set.academic_year.start_date.year, 10, 25)
    )
    end_date = factory.LazyAttribute(
        lambda o: datetime.date(o.holiday_set.academic_year.start_date.year, 11, 4)
    )


class BuildingFactory(factory.django.DjangoModelFactory[Building]):
    class Meta:
        model = Building

    school = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Корпус {n}")


class RoomFactory(factory.django.DjangoModelFactory[Room]):
    class Meta:
        model = Room

    school = factory.SubFactory(OrganizationFactory)
    number = factory.Sequence(lambda n: str(100 + n))
    capacity = 30


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    last_name = factory.Sequence(lambda n: f"Иванов{n}")
    first_name = "Иван"
    patronymic = "Петрович"
    birth_date = datetime.date(2014, 3, 1)
    sex = "m"


class StaffMemberFactory(factory.django.DjangoModelFactory[StaffMember]):
    class Meta:
        model = StaffMember

    school = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(PersonFactory, birth_date=datetime.date(1980, 1, 1))
    hire_date = datetime.date(2015, 8, 25)


class StudentFactory(factory.django.DjangoModelFactory[Student]):
    class Meta:
        model = Student

    school = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(PersonFactory)
    personal_file_number = factory.Sequence(lambda n: f"И/{n}")


class SchoolClassFactory(factory.django.DjangoModelFactory[SchoolClass]):
    class Meta:
        model = SchoolClass

    period_set = factory.SubFactory(PeriodSetFactory)
    academic_year = factory.SelfAttribute("period_set.academic_year")
    school = factory.SelfAttribute("period_set.school")
    grade = 5
    letter = factory.Sequence(lambda n: "АБВГДЕЖЗИКЛМН"[n % 13])


class EnrollmentFactory(factory.django.DjangoModelFactory[Enrollment]):
    class Meta:
        model = Enrollment

    school_class = factory.SubFactory(SchoolClassFactory)
    school = factory.SelfAttribute("school_class.school")
    student = factory.SubFactory(StudentFactory, school=factory.SelfAttribute("..school"))
    start_date = factory.LazyAttribute(lambda o: o.school_class.academic_year.start_date)


class GuardianshipFactory(factory.django.DjangoModelFactory[Guardianship]):
    class Meta:
        model = Guardianship

    student = factory.SubFactory(StudentFactory)
    school = factory.SelfAttribute("student.school")
    guardian = factory.SubFactory(PersonFactory, birth_date=datetime.date(1985, 5, 5))
    relation = "mother"


class StudyGroupFactory(factory.django.DjangoModelFactory[StudyGroup]):
    class Meta:
        model = StudyGroup

    school_class = factory.SubFactory(SchoolClassFactory)
    school = factory.SelfAttribute("school_class.school")
    academic_year = factory.SelfAttribute("school_class.academic_year")
    kind = "subgroup"
    grade = factory.SelfAttribute("school_class.grade")
    name = factory.Sequence(lambda n: f"Группа {n}")


class RoleAssignmentFactory(factory.django.DjangoModelFactory[RoleAssignment]):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "teacher"


def _first_federal_subject() -> Any:
    from parta.curriculum.models import Subject

    return Subject.objects.federal().order_by("name").first()


class CurriculumFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "curriculum.Curriculum"

    academic_year = factory.SubFactory(AcademicYearFactory)
    school = factory.SelfAttribute("academic_year.school")
    grade = 5
    name = factory.LazyAttribute(lambda o: f"Учебный план {o.grade or ''} класса")


class CurriculumItemFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "curriculum.CurriculumItem"

    curriculum = factory.SubFactory(CurriculumFactory)
    school = factory.SelfAttribute("curriculum.school")
    subject = factory.LazyFunction(lambda: _first_federal_subject())
    hours_per_week = 2


class TeachingAssignmentFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "curriculum.TeachingAssignment"

    school_class = factory.SubFactory(SchoolClassFactory)
    school = factory.SelfAttribute("school_class.school")
    academic_year = factory.SelfAttribute("school_class.academic_year")
    teacher = factory.SubFactory(StaffMemberFactory, school=factory.SelfAttribute("..school"))
    subject = factory.LazyFunction(lambda: _first_federal_subject())
    hours_per_week = 2


# --- timetable ------------------------------------------------------------------------------
def _timetable_models() -> Any:
    from parta.timetable import models as timetable_models

    return timetable_models


def federal_subject(name: str = "Математика") -> Any:
    from parta.curriculum.models import Subject

    return Subject.objects.get_or_create(school=None, name=name)[0]


#: «Основное (1 смена)»: seven 45-minute lessons from 08:30 with 10- and 20-minute breaks
STANDARD_BELLS = (
    (1, datetime.time(8, 30), datetime.time(9, 15)),
    (2, datetime.time(9, 25), datetime.time(10, 10)),
    (3, datetime.time(10, 30), datetime.time(11, 15)),
    (4, datetime.time(11, 35), datetime.time(12, 20)),
    (5, datetime.time(12, 30), datetime.time(13, 15)),
    (6, datetime.time(13, 25), datetime.time(14, 10)),
    (7, datetime.time(14, 20), datetime.time(15, 5)),
)


class BellScheduleFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "timetable.BellSchedule"
        skip_postgeneration_save = True

    academic_year = factory.SubFactory(AcademicYearFactory)
    school = factory.SelfAttribute("academic_year.school")
    name = factory.Sequence(lambda n: f"Основное {n}")
    is_default = True

    @factory.post_generation
    def with_slots(self: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create or extracted is False:
            return
        slot_model = _timetable_models().Slot
        slot_model.objects.bulk_create(
            slot_model(
                school_id=self.school_id,
                bell_schedule=self,
                number=number,
                start_time=start,
                end_time=end,
            )
            for number, start, end in STANDARD_BELLS
        )


class TimetableEntryFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "timetable.TimetableEntry"

    school_class = factory.SubFactory(SchoolClassFactory)
    school = factory.SelfAttribute("school_class.school")
    academic_year = factory.SelfAttribute("school_class.academic_year")
    weekday = 1
    slot_number = 1
    subject = factory.LazyFunction(federal_subject)
    teacher = factory.SubFactory(StaffMemberFactory, school=factory.SelfAttribute("..school"))
    week_parity = "every"
    valid_from = factory.LazyAttribute(lambda o: o.academic_year.start_date)
    valid_to = None


class LessonFactory(factory.django.DjangoModelFactory[Any]):
    """A lesson added by hand (no timetable entry) on the first Monday of the year."""

    class Meta:
        model = "timetable.Lesson"

    school_class = factory.SubFactory(SchoolClassFactory)
    school = factory.SelfAttribute("school_class.school")
    academic_year = factory.SelfAttribute("school_class.academic_year")
    date = factory.LazyAttribute(
        lambda o: (
            o.academic_year.start_date
            + datetime.timedelta(days=(7 - o.academic_year.start_date.weekday()) % 7)
        )
    )
    slot_number = 1
    start_time = datetime.time(8, 30)
    end_time = datetime.time(9, 15)
    subject = factory.LazyFunction(federal_subject)
    teacher = factory.SubFactory(StaffMemberFactory, school=factory.SelfAttribute("..school"))
    origin = "added"


class SubstitutionFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "timetable.Substitution"

    lesson = factory.SubFactory(LessonFactory)
    school = factory.SelfAttribute("lesson.school")
    teacher = factory.SubFactory(StaffMemberFactory, school=factory.SelfAttribute("..school"))
    reason = "illness"


# --- thematic plans -------------------------------------------------------------------------
class ThematicPlanFactory(factory.django.DjangoModelFactory[Any]):
    """The working plan of a class (pass `is_template=True, school_class=None` for a template)."""

    class Meta:
        model = "thematic.ThematicPlan"

    school_class = factory.SubFactory(SchoolClassFactory)
    school = factory.SelfAttribute("school_class.school")
    academic_year = factory.SelfAttribute("school_class.academic_year")
    grade = factory.SelfAttribute("school_class.grade")
    subject = factory.LazyFunction(federal_subject)
    teacher = factory.SubFactory(StaffMemberFactory, school=factory.SelfAttribute("..school"))


class PlanTopicFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "thematic.PlanTopic"

    plan = factory.SubFactory(ThematicPlanFactory)
    school = factory.SelfAttribute("plan.school")
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Тема {n + 1}")


# --- journal --------------------------------------------------------------------------------
class WorkTypeFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "journal.WorkType"
        django_get_or_create = ("school", "name")

    school = factory.SubFactory(OrganizationFactory)
    name = "Ответ на уроке"
    abbreviation = "Отв"
    weight = Decimal("1")


class AssignmentFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "journal.Assignment"

    lesson = factory.SubFactory(LessonFactory)
    school = factory.SelfAttribute("lesson.school")
    work_type = factory.SubFactory(WorkTypeFactory, school=factory.SelfAttribute("..school"))


class MarkFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "journal.Mark"

    assignment = factory.SubFactory(AssignmentFactory)
    school = factory.SelfAttribute("assignment.school")
    student = factory.SubFactory(StudentFactory, school=factory.SelfAttribute("..school"))
    value = "5"


class AttendanceMarkFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "journal.AttendanceMark"

    lesson = factory.SubFactory(LessonFactory)
    school = factory.SelfAttribute("lesson.school")
    student = factory.SubFactory(StudentFactory, school=factory.SelfAttribute("..school"))
    code = "н"
