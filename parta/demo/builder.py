"""Writes a demo plan to the database: bulk inserts in batches, one transaction.

Demo data is written directly (not through the apps' services), so it leaves no audit events;
the rows still satisfy every model rule (the tests run `full_clean` on samples, and check the
timetable with the timetable's own clash search). Only the dated lessons go through their
service (`lessons_generate`, one audit event per school), as a school would make them.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from parta.accounts.models import RoleAssignment, User
from parta.core.context import Actor
from parta.curriculum.models import Curriculum, CurriculumItem, Subject, TeachingAssignment
from parta.demo import teaching
from parta.demo.communication import (
    COMMUNICATION_MODELS,
    build_communications,
)
from parta.demo.finals import build_finals
from parta.demo.journal import DEFAULT_WEEKS, JOURNAL_MODELS, JournalCounts, build_journals
from parta.demo.plan import (
    DEFAULT_SCHOOLS,
    DEFAULT_SEED,
    DEFAULT_STUDENTS_PER_SCHOOL,
    DEMO_PASSWORD,
    TIME_ZONE,
    DemoPlan,
    OrgRow,
    make_plan,
)
from parta.demo.planning import PlanningCounts, build_planning
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
    Position,
    SchoolClass,
    StaffMember,
    Student,
    StudyGroup,
    StudyGroupMembership,
)
from parta.timetable.models import BellSchedule, BellScheduleDay, Lesson, Slot, TimetableEntry
from parta.timetable.services import lessons_generate

BATCH_SIZE = 1000
M = TypeVar("M", bound=models.Model)


class DemoDataError(Exception):
    """The database cannot take the demo data (not empty, or not migrated)."""


@dataclass
class BuildResult:
    municipality_id: int
    school_ids: list[int]
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _bulk(model: type[M], rows: Sequence[M]) -> list[M]:
    return model._default_manager.bulk_create(rows, batch_size=BATCH_SIZE)


def _chunks(items: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _organization(row: OrgRow, kind: str, parent: Organization | None) -> Organization:
    return Organization(
        kind=kind,
        parent=parent,
        full_name=row.full_name,
        short_name=row.short_name,
        school_type=row.school_type,
        timezone=TIME_ZONE,
        address=row.address,
        director_name=row.director_name,
        phone=row.phone,
        email=row.email,
        website=row.website,
        inn=row.inn,
        kpp=row.kpp,
        ogrn=row.ogrn,
        licence_number=row.licence_number,
        licence_date=row.licence_date,
        accreditation_number=row.accreditation_number,
        accreditation_date=row.accreditation_date,
    )


def check_database(plan: DemoPlan) -> None:
    """Refuse a database that already has organizations or any of the demo logins."""
    if Organization.objects.exists():
        raise DemoDataError("The database already contains organizations.")
    usernames = plan.usernames()
    for chunk in _chunks(usernames):
        taken = list(User.objects.filter(username__in=chunk).values_list("username", flat=True))
        if taken:
            raise DemoDataError(f"The logins already exist: {', '.join(sorted(taken)[:10])}.")
    if Person.objects.exists():
        snils = [p.snils for p in plan.persons]
        for chunk in _chunks(snils):
            if Person.objects.filter(snils__in=chunk).exists():
                raise DemoDataError("Some demo SNILS numbers already belong to people here.")


def _catalogue(plan: DemoPlan) -> tuple[dict[str, int], dict[str, int]]:
    positions = dict(Position.objects.values_list("name", "pk"))
    subjects = dict(Subject.objects.filter(school__isnull=True).values_list("name", "pk"))
    needed_positions = {name for row in plan.staff for name in row.positions}
    needed_subjects = {group.subject for group in plan.groups}
    needed_subjects |= {line.subject for lines in teaching.CURRICULA.values() for line in lines}
    missing = sorted((needed_positions - set(positions)) | (needed_subjects - set(subjects)))
    if missing:
        raise DemoDataError(
            "The catalogues of positions and subjects are incomplete (are the migrations "
            f"applied?): {', '.join(missing)}"
        )
    return positions, subjects


@transaction.atomic
def build_demo(
    plan: DemoPlan,
    *,
    lessons: bool = True,
    weeks: int = DEFAULT_WEEKS,
    seed: int = DEFAULT_SEED,
    today: datetime.date | None = None,
) -> BuildResult:
    """Write `plan` into an empty database; `lessons=False` leaves out the dated lessons (and
    the journal); `weeks` is how many weeks before the plan's today the journal fills."""
    started = time.perf_counter()
    check_database(plan)
    positions, subjects = _catalogue(plan)

    # Organizations ---------------------------------------------------------------------------
    region = _organization(plan.region, OrganizationKind.REGION, None)
    region.save()
    municipality = _organization(plan.municipality, OrganizationKind.MUNICIPALITY, region)
    municipality.save()
    schools = _bulk(
        Organization,
        [_organization(row, OrganizationKind.SCHOOL, municipality) for row in plan.schools],
    )

    # The school year -------------------------------------------------------------------------
    cal = plan.calendar
    years = _bulk(
        AcademicYear,
        [
            AcademicYear(school=school, name=cal.name, start_date=cal.start, end_date=cal.end)
            for school in schools
        ],
    )
    quarter_sets = _bulk(
        PeriodSet,
        [
            PeriodSet(school=s, academic_year=y, kind=PeriodKind.QUARTERS, name="Четверти")
            for s, y in zip(schools, years, strict=True)
        ],
    )
    half_sets = _bulk(
        PeriodSet,
        [
            PeriodSet(
                school=s,
                academic_year=y,
                kind=PeriodKind.HALF_YEARS,
                name="Полугодия (10–11 классы)",
            )
            for s, y in zip(schools, years, strict=True)
        ],
    )
    periods: list[StudyPeriod] = []
    for period_sets, rows in ((quarter_sets, cal.quarters), (half_sets, cal.half_years)):
        for period_set in period_sets:
            periods.extend(
                StudyPeriod(
                    school_id=period_set.school_id,
                    period_set=period_set,
                    number=row.number,
                    name=row.name,
                    start_date=row.start,
                    end_date=row.end,
                )
                for row in rows
            )
    _bulk(StudyPeriod, periods)
    main_holidays = _bulk(
        HolidaySet,
        [
            HolidaySet(school=s, academic_year=y, name="Каникулы", is_main=True)
            for s, y in zip(schools, years, strict=True)
        ],
    )
    grade1_holidays = _bulk(
        HolidaySet,
        [
            HolidaySet(school=s, academic_year=y, name="Дополнительные каникулы 1 классов")
            for s, y in zip(schools, years, strict=True)
        ],
    )
    holidays: list[Holiday] = []
    for holiday_sets, rows in (
        (main_holidays, cal.holidays),
        (grade1_holidays, cal.grade1_holidays),
    ):
        for holiday_set in holiday_sets:
            holidays.extend(
                Holiday(
                    school_id=holiday_set.school_id,
                    holiday_set=holiday_set,
                    name=row.name,
                    start_date=row.start,
                    end_date=row.end,
                )
                for row in rows
            )
    _bulk(Holiday, holidays)

    # Buildings and rooms ---------------------------------------------------------------------
    buildings = _bulk(
        Building,
        [
            Building(school=schools[b.school], name=b.name, address=b.address)
            for b in plan.buildings
        ],
    )
    rooms = _bulk(
        Room,
        [
            Room(
                school=schools[r.school],
                building=buildings[r.building] if r.building is not None else None,
                number=r.number,
                name=r.name,
                capacity=r.capacity,
            )
            for r in plan.rooms
        ],
    )

    # Logins and people -----------------------------------------------------------------------
    password = make_password(DEMO_PASSWORD)  # hashed once: argon2 per user would take minutes
    now = timezone.now()
    users = [
        User(
            username=plan.admin_username,
            password=password,
            first_name="Администратор",
            is_superuser=True,
            is_staff=True,
            must_change_password=False,
            date_joined=now,
        )
    ]
    for person in plan.persons:
        if person.username:
            users.append(
                User(
                    username=person.username,
                    password=password,
                    first_name=person.first_name,
                    last_name=person.last_name,
                    email=person.email,
                    must_change_password=False,
                    last_school=(
                        schools[person.home_school] if person.home_school is not None else None
                    ),
                    date_joined=now,
                )
            )
    users_by_name = {user.username: user for user in _bulk(User, users)}
    persons = _bulk(
        Person,
        [
            Person(
                last_name=p.last_name,
                first_name=p.first_name,
                patronymic=p.patronymic,
                birth_date=p.birth_date,
                sex=p.sex,
                snils=p.snils,
                phone=p.phone,
                email=p.email,
                address=p.address,
                user=users_by_name[p.username] if p.username else None,
            )
            for p in plan.persons
        ],
    )

    # Staff -----------------------------------------------------------------------------------
    staff = _bulk(
        StaffMember,
        [
            StaffMember(school=schools[s.school], person=persons[s.person], hire_date=s.hire_date)
            for s in plan.staff
        ],
    )
    through: Any = StaffMember.positions.through
    _bulk(
        through,
        [
            through(staffmember_id=member.pk, position_id=positions[name])
            for member, row in zip(staff, plan.staff, strict=True)
            for name in row.positions
        ],
    )

    # Classes, students, enrollment -----------------------------------------------------------
    classes = _bulk(
        SchoolClass,
        [
            SchoolClass(
                school=schools[c.school],
                academic_year=years[c.school],
                grade=c.grade,
                letter=c.letter,
                class_teacher=staff[c.class_teacher],
                home_room=rooms[c.home_room],
                period_set=(half_sets if c.uses_half_years else quarter_sets)[c.school],
                extra_holiday_set=grade1_holidays[c.school] if c.has_extra_holidays else None,
                profile=c.profile,
            )
            for c in plan.classes
        ],
    )
    students = _bulk(
        Student,
        [
            Student(
                school=schools[s.school],
                person=persons[s.person],
                personal_file_number=s.file_number,
                admission_date=s.admission_date,
            )
            for s in plan.students
        ],
    )
    _bulk(
        Enrollment,
        [
            Enrollment(
                school_id=student.school_id,
                student=student,
                school_class=classes[row.school_class],
                start_date=row.start,
                end_date=row.end,
                reason=row.reason,
            )
            for student, planned in zip(students, plan.students, strict=True)
            for row in planned.enrollments
        ],
    )
    _bulk(
        Guardianship,
        [
            Guardianship(
                school_id=students[g.student].school_id,
                guardian=persons[g.guardian],
                student=students[g.student],
                relation=g.relation,
            )
            for g in plan.guardianships
        ],
    )

    # Study groups ----------------------------------------------------------------------------
    groups = _bulk(
        StudyGroup,
        [
            StudyGroup(
                school=schools[g.school],
                academic_year=years[g.school],
                kind=g.kind,
                name=g.name,
                school_class=classes[g.school_class] if g.school_class is not None else None,
                grade=g.grade,
                subject_id=subjects[g.subject],
            )
            for g in plan.groups
        ],
    )
    _bulk(
        StudyGroupMembership,
        [
            StudyGroupMembership(
                school_id=group.school_id,
                group=group,
                student=students[m.student],
                start_date=m.start,
                end_date=m.end,
            )
            for group, planned_group in zip(groups, plan.groups, strict=True)
            for m in planned_group.members
        ],
    )

    # Roles -----------------------------------------------------------------------------------
    _bulk(
        RoleAssignment,
        [
            RoleAssignment(
                user=users_by_name[plan.persons[r.person].username],
                organization=schools[r.school] if r.school is not None else municipality,
                role=r.role,
            )
            for r in plan.roles
        ],
    )

    # Curriculum, teaching load, bells, the timetable and the year's lessons -------------------
    entries = _teaching(plan, schools, years, staff, classes, groups, rooms, subjects)
    lesson_count = 0
    planned = PlanningCounts()
    journal = JournalCounts()
    if lessons:
        last_day = cal.quarters[-1].end
        for year in years:
            made = lessons_generate(
                actor=Actor.system(), academic_year=year, start=cal.start, end=last_day
            )
            lesson_count += made.created
        planned = build_planning(years=years, calendar=cal)
        journal = build_journals(
            years=years, today=today or timezone.localdate(), weeks=weeks, seed=seed
        )
        build_finals(years=years, today=today or timezone.localdate(), seed=seed)
        # the communications read and change the journal just written: plan with its statistics
        analyze((Lesson, *JOURNAL_MODELS))
    talk = build_communications(years=years, today=today or timezone.localdate(), seed=seed)

    return BuildResult(
        municipality_id=municipality.pk,
        school_ids=[school.pk for school in schools],
        counts={
            "schools": len(schools),
            "classes": len(classes),
            "students": len(students),
            "staff": len(staff),
            "parents": len({g.guardian for g in plan.guardianships}),
            "logins": len(users),
            "rooms": len(rooms),
            "study groups": len(groups),
            "timetable entries": entries,
            "lessons": lesson_count,
            "thematic plans": planned.plans,
            "assessment procedures": planned.procedures,
            "substitutions": planned.substitutions,
            "cancelled lessons": planned.cancellations,
            "assignments": journal.assignments,
            "marks": journal.marks,
            "attendance marks": journal.absences,
            "conversations": talk.threads,
            "messages": talk.messages,
            "announcements": talk.announcements,
            "events": talk.events,
            "notifications": talk.notifications,
        },
        seconds=time.perf_counter() - started,
    )


def _time(value: str) -> datetime.time:
    return datetime.time.fromisoformat(value)


def _teaching(
    plan: DemoPlan,
    schools: list[Organization],
    years: list[AcademicYear],
    staff: list[StaffMember],
    classes: list[SchoolClass],
    groups: list[StudyGroup],
    rooms: list[Room],
    subjects: dict[str, int],
) -> int:
    """Curricula per grade, the load, the bell schedules and the weekly timetable; returns the
    number of timetable entries."""
    cal = plan.calendar
    grades = sorted({(c.school, c.grade) for c in plan.classes})
    curricula = _bulk(
        Curriculum,
        [
            Curriculum(
                school=schools[school],
                academic_year=years[school],
                grade=grade,
                name=f"Учебный план {grade} классов",
            )
            for school, grade in grades
        ],
    )
    _bulk(
        CurriculumItem,
        [
            CurriculumItem(
                school_id=curriculum.school_id,
                curriculum=curriculum,
                subject_id=subjects[line.subject],
                hours_per_week=Decimal(line.hours),
                part=line.part,
            )
            for curriculum, (_school, grade) in zip(curricula, grades, strict=True)
            for line in teaching.CURRICULA[grade]
        ],
    )
    _bulk(
        TeachingAssignment,
        [
            TeachingAssignment(
                school=schools[row.school],
                academic_year=years[row.school],
                teacher=staff[row.teacher],
                subject_id=subjects[row.subject],
                school_class=classes[row.school_class] if row.school_class is not None else None,
                study_group=groups[row.group] if row.group is not None else None,
                hours_per_week=Decimal(row.hours),
            )
            for row in plan.load
        ],
    )
    main = _bulk(
        BellSchedule,
        [
            BellSchedule(school=s, academic_year=y, name=teaching.MAIN_SCHEDULE, is_default=True)
            for s, y in zip(schools, years, strict=True)
        ],
    )
    short = _bulk(
        BellSchedule,
        [
            BellSchedule(school=s, academic_year=y, name=teaching.SHORT_SCHEDULE)
            for s, y in zip(schools, years, strict=True)
        ],
    )
    _bulk(
        Slot,
        [
            Slot(
                school_id=schedule.school_id,
                bell_schedule=schedule,
                number=number,
                start_time=_time(begins),
                end_time=_time(ends),
            )
            for schedules, bells in ((main, teaching.MAIN_BELLS), (short, teaching.SHORT_BELLS))
            for schedule in schedules
            for number, begins, ends in bells
        ],
    )
    shortened = teaching.pre_holiday_days(
        (row.start for row in cal.holidays), cal.start, cal.quarters[-1].end
    )
    _bulk(
        BellScheduleDay,
        [
            BellScheduleDay(school_id=schedule.school_id, date=day, bell_schedule=schedule)
            for schedule in short
            for day in shortened
        ],
    )
    entries = _bulk(
        TimetableEntry,
        [
            TimetableEntry(
                school=schools[row.school],
                academic_year=years[row.school],
                weekday=row.weekday,
                slot_number=row.slot,
                school_class=classes[row.school_class] if row.school_class is not None else None,
                study_group=groups[row.group] if row.group is not None else None,
                subject_id=subjects[row.subject],
                teacher=staff[row.teacher],
                room=rooms[row.room] if row.room is not None else None,
                valid_from=cal.start,
            )
            for row in plan.entries
        ],
    )
    return len(entries)


def seed_demo(
    *,
    schools: int = DEFAULT_SCHOOLS,
    students_per_school: int = DEFAULT_STUDENTS_PER_SCHOOL,
    seed: int = DEFAULT_SEED,
    today: datetime.date | None = None,
    lessons: bool = True,
    weeks: int = DEFAULT_WEEKS,
) -> BuildResult:
    """Plan and write the demo deployment (the whole of `manage.py seed_demo`)."""
    started = time.perf_counter()
    today = today or timezone.localdate()
    plan = make_plan(
        schools=schools, students_per_school=students_per_school, seed=seed, today=today
    )
    result = build_demo(plan, lessons=lessons, weeks=weeks, seed=seed, today=today)
    analyze()
    result.seconds = time.perf_counter() - started
    return result


#: Every table the demo writes.
DEMO_MODELS: tuple[type[models.Model], ...] = (
    Organization,
    AcademicYear,
    PeriodSet,
    StudyPeriod,
    HolidaySet,
    Holiday,
    Building,
    Room,
    User,
    Person,
    StaffMember,
    SchoolClass,
    Student,
    Enrollment,
    Guardianship,
    StudyGroup,
    StudyGroupMembership,
    RoleAssignment,
    Curriculum,
    CurriculumItem,
    TeachingAssignment,
    BellSchedule,
    Slot,
    BellScheduleDay,
    TimetableEntry,
    Lesson,
    *JOURNAL_MODELS,
    *COMMUNICATION_MODELS,
)


def analyze(only: Iterable[type[models.Model]] | None = None) -> None:
    """Refresh the PostgreSQL planner statistics of the demo tables (or of `only` those): after a
    bulk load they describe empty tables until autovacuum gets to them, and plans are poor
    until then."""
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table for model in (DEMO_MODELS if only is None else only)]
    if only is None:
        tables.append(StaffMember.positions.through._meta.db_table)
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
