"""Demo communication: for each school's featured logins, conversations (a class teacher and
the demo parent about a parent meeting, the parent and a subject teacher about homework with a
small PDF attached, the director writing to all teachers, the demo student asking a teacher …)
with read state, announcements for the whole school, a grade, a class and its parents (one
scheduled for later, one expired), events (a concert, a sports day, an olympiad, the parent
meeting of the demo child's class next week), notifications of marks, absences and messages for
the demo parent, student and teacher, homework ticked as done by the demo student and the demo
parent's «read the diary» for last week.

Texts are Russian data (not msgids), filled with the school's real names, classes, rooms and
dates, so the same seed on the same day gives the same texts. Everything is written with
`bulk_create` (the times of `auto_now_add` fields set afterwards with one `bulk_update` each), a
few dozen queries per school, whatever its size."""

from __future__ import annotations

import datetime
import random
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Max, Q

from parta.accounts.choices import Role
from parta.accounts.models import RoleAssignment
from parta.curriculum.models import TeachingAssignment
from parta.demo.plan import ENGLISH, featured_username
from parta.diary.models import DiaryAcknowledgement, HomeworkCompletion
from parta.journal.choices import AttendanceCode
from parta.journal.models import Assignment, AttendanceMark, Mark, PeriodClosure
from parta.messaging.choices import AudienceScope, EventKind, NotificationKind
from parta.messaging.models import (
    Announcement,
    Event,
    Message,
    MessageAttachment,
    Notification,
    Thread,
    ThreadParticipant,
)
from parta.messaging.notify.counts import refresh_unread
from parta.organizations.models import AcademicYear, Holiday, Organization, Room, StudyPeriod
from parta.people.models import (
    Enrollment,
    Guardianship,
    Person,
    SchoolClass,
    Student,
    StudyGroupMembership,
)
from parta.timetable.choices import LessonStatus
from parta.timetable.models import Lesson

BATCH_SIZE = 1000
MATH_SUBJECTS = ("Математика", "Алгебра")
MONTHS = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
#: «в четверг»: the weekday after «в/во», Monday first.
ON_WEEKDAY = (
    "в понедельник",
    "во вторник",
    "в среду",
    "в четверг",
    "в пятницу",
    "в субботу",
    "в воскресенье",
)
ABSENCE_WORDS = {
    AttendanceCode.ABSENT: "без уважительной причины",
    AttendanceCode.EXCUSED: "по уважительной причине",
    AttendanceCode.ILL: "по болезни",
}
ATTACHMENT_NAME = "Памятка — решение задач на движение.pdf"
#: Share of the teachers who have read the director's message (the demo teacher has not).
COUNCIL_READ_SHARE = 0.6


def _pdf(lines: Sequence[str]) -> bytes:
    """A tiny valid one-page PDF (Helvetica, ASCII text), with a correct cross-reference
    table, so that any PDF reader opens it."""
    text = " T* ".join(f"({line})Tj" for line in lines)
    stream = f"BT /F1 14 Tf 18 TL 72 770 Td {text} ET".encode("ascii")
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(bodies, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1,
        start,
    )
    return bytes(out)


ATTACHMENT_PDF = _pdf(
    [
        "Zadachi na dvizhenie: s = v * t",
        "1. Zapishite, chto izvestno: skorost v, vremya t.",
        "2. Naidite neizvestnoe: s = v * t, v = s / t, t = s / v.",
        "3. Proverte edinitsy izmereniya: km, ch, km/ch.",
    ]
)


@dataclass
class CommunicationCounts:
    threads: int = 0
    messages: int = 0
    attachments: int = 0
    announcements: int = 0
    events: int = 0
    notifications: int = 0
    homework_done: int = 0
    acknowledgements: int = 0

    def add(self, other: CommunicationCounts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


# --- words --------------------------------------------------------------------------------
def ru_day(day: datetime.date) -> str:
    """«3 декабря»."""
    return f"{day.day} {MONTHS[day.month - 1]}"


def ru_date(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def weekday_before(day: datetime.date) -> datetime.date:
    """`day`, or the Friday before it when it falls on a weekend."""
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def school_day(day: datetime.date) -> datetime.date:
    """`day`, or the Monday after it when it falls on a weekend."""
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


@dataclass(frozen=True)
class Someone:
    """A person with a login, as the texts need them."""

    user_id: int
    person: Person

    @property
    def first(self) -> str:
        return self.person.first_name

    @property
    def polite(self) -> str:
        """How a Russian adult is addressed: «Анна Сергеевна»."""
        return f"{self.person.first_name} {self.person.patronymic}".strip()

    def verb(self, masculine: str, feminine: str) -> str:
        return verb(self.person, masculine, feminine)


def verb(person: Person, masculine: str, feminine: str) -> str:
    """The past-tense form for the person's sex: «заболел» / «заболела»."""
    return feminine if person.sex == "f" else masculine


def _someone(person: Person | None) -> Someone | None:
    if person is None or person.user_id is None:
        return None
    return Someone(person.user_id, person)


# --- who is who in a school -----------------------------------------------------------------
@dataclass
class Cast:
    school: Organization
    year: AcademicYear
    tz: zoneinfo.ZoneInfo
    director: Someone
    deputy: Someone
    secretary: Someone
    teacher: Someone
    classteacher: Someone
    student: Someone
    parent: Someone
    elder: Student
    school_class: SchoolClass
    math: Someone
    math_subject: str
    student_teacher: Someone
    younger: Student | None = None
    other_parent: Someone | None = None
    other_child: Person | None = None
    teachers: list[int] = field(default_factory=list)
    class_parents: list[int] = field(default_factory=list)
    math_room: str = ""
    holiday: tuple[str, datetime.date, datetime.date] | None = None
    #: the math lesson the parent asks about, and its homework from the journal
    math_day: datetime.date | None = None
    math_homework: str = ""
    #: the elder's latest day away (ill or for a valid reason) in the journal, and its code
    away: tuple[datetime.date, str] | None = None

    def at(self, day: datetime.date, hhmm: str) -> datetime.datetime:
        """An aware datetime at the school's wall-clock time."""
        return datetime.datetime.combine(day, datetime.time.fromisoformat(hhmm), tzinfo=self.tz)

    @property
    def room(self) -> str:
        home = self.school_class.home_room
        return home.number if home is not None else ""


FEATURED_KEYS = ("director", "deputy", "secretary", "teacher", "classteacher", "student", "parent")


def load_cast(year: AcademicYear, index: int, today: datetime.date) -> Cast | None:
    """The school's featured people and what the texts refer to; None when the school lacks
    one of them (a deployment not made by the demo plan)."""
    school = year.school
    names = {featured_username(key, index): key for key in FEATURED_KEYS}
    people: dict[str, Someone] = {}
    for person in Person.objects.filter(user__username__in=list(names)).select_related("user"):
        assert person.user is not None
        found = _someone(person)
        if found is not None:
            people[names[person.user.username]] = found
    if len(people) < len(FEATURED_KEYS):
        return None
    elder = (
        Student.objects.filter(school=school, person=people["student"].person)
        .select_related("person")
        .first()
    )
    if elder is None:
        return None
    children = [
        link.student
        for link in Guardianship.objects.filter(school=school, guardian=people["parent"].person)
        .select_related("student__person")
        .order_by("student__person__birth_date", "student_id")
    ]
    enrollment = (
        Enrollment.objects.filter(student=elder, school_class__academic_year=year)
        .active_on(today)
        .select_related("school_class__home_room")
        .first()
    )
    if enrollment is None:
        return None
    school_class = enrollment.school_class
    groups = StudyGroupMembership.objects.filter(student=elder, start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    load = list(
        TeachingAssignment.objects.filter(academic_year=year, teacher__person__user__isnull=False)
        .filter(Q(school_class=school_class) | Q(study_group__in=groups.values("group_id")))
        .select_related("subject", "teacher__person")
        .order_by("pk")
    )
    if not load:
        return None
    teachers = {row.pk: _someone(row.teacher.person) for row in load}
    classteacher = people["classteacher"]

    def pick(*tests: Callable[[TeachingAssignment], bool]) -> TeachingAssignment:
        """The first row passing the first test that some row passes."""
        for test in tests:
            for row in load:
                if test(row):
                    return row
        return load[0]

    math_row = pick(
        lambda row: row.subject.name in MATH_SUBJECTS,
        lambda row: teachers[row.pk] != classteacher,
    )
    taught_row = pick(
        lambda row: teachers[row.pk] == people["teacher"],
        lambda row: row.subject.name == ENGLISH,
    )
    math = teachers[math_row.pk]
    student_teacher = teachers[taught_row.pk]
    assert math is not None  # the load holds only teachers with a login
    assert student_teacher is not None
    cast = Cast(
        school=school,
        year=year,
        tz=zoneinfo.ZoneInfo(school.timezone),
        school_class=school_class,
        elder=elder,
        younger=next((child for child in children if child.pk != elder.pk), None),
        math=math,
        math_subject=math_row.subject.name,
        student_teacher=student_teacher,
        director=people["director"],
        deputy=people["deputy"],
        secretary=people["secretary"],
        teacher=people["teacher"],
        classteacher=classteacher,
        student=people["student"],
        parent=people["parent"],
    )
    # Another parent, of a student the demo teacher teaches, writes to the teacher.
    taught = TeachingAssignment.objects.filter(
        academic_year=year, teacher__person=cast.teacher.person
    )
    other = (
        Guardianship.objects.filter(school=school, guardian__user__isnull=False)
        .filter(
            Q(student__group_memberships__group__in=taught.values("study_group_id"))
            | Q(student__enrollments__school_class__in=taught.values("school_class_id"))
        )
        .exclude(student__in=[child.pk for child in children])
        .select_related("guardian", "student__person")
        .order_by("student__person__last_name", "student_id", "pk")
        .first()
    )
    if other is not None:
        cast.other_parent = _someone(other.guardian)
        cast.other_child = other.student.person
    cast.teachers = list(
        RoleAssignment.objects.filter(organization=school, role=Role.TEACHER)
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )
    cast.class_parents = list(
        Guardianship.objects.filter(
            school=school,
            guardian__user__isnull=False,
            student__in=Enrollment.objects.filter(school_class=school_class)
            .active_on(today)
            .values("student_id"),
        )
        .order_by("guardian__user_id")
        .values_list("guardian__user_id", flat=True)
        .distinct()
    )
    room = Room.objects.filter(school=school, name="Кабинет математики").order_by("pk").first()
    cast.math_room = room.number if room is not None else cast.room
    holiday = (
        Holiday.objects.filter(
            school=school, holiday_set__academic_year=year, holiday_set__is_main=True
        )
        .filter(end_date__gte=today)
        .order_by("start_date")
        .first()
    )
    if holiday is not None:
        cast.holiday = (holiday.name, holiday.start_date, holiday.end_date)
    else:
        # after the last holidays of the year: the summer, from the end of the last period
        ends = StudyPeriod.objects.filter(period_set__academic_year=year).aggregate(
            last=Max("end_date")
        )["last"]
        summer = (ends or year.end_date) + datetime.timedelta(days=1)
        cast.holiday = ("Летние каникулы", summer, datetime.date(summer.year, 8, 31))
    ensure_absence(cast, today)
    _journal_facts(cast, math_row, today)
    return cast


def ensure_absence(cast: Cast, today: datetime.date) -> int:
    """When the journal has the demo child away no whole day of the last three weeks
    (`away_day`), make them ill (б) at every lesson of the latest school day of the last two
    weeks (not yesterday) with no attendance mark yet, outside a closed period: preferably a
    day they got no mark, otherwise the marks of that day go (nobody is marked at a lesson they
    missed). So the parent's absence notification and the note to the class teacher always
    have a day to tell about. Nothing without a journal (no mark in those two weeks). Answers
    the number of lessons marked."""
    c = cast
    if away_day(cast, today) is not None:
        return 0
    first = today - datetime.timedelta(days=14)
    last = today - datetime.timedelta(days=2)
    marks = Mark.objects.filter(
        school_id=c.school.pk,
        student=c.elder,
        assignment__lesson__date__gte=first,
        assignment__lesson__date__lte=last,
    )
    marked = set(marks.values_list("assignment__lesson__date", flat=True))
    if not marked:
        return 0
    noted = set(
        AttendanceMark.objects.filter(
            school_id=c.school.pk, student=c.elder, lesson__date__gte=first, lesson__date__lte=last
        ).values_list("lesson__date", flat=True)
    )
    closed = list(
        PeriodClosure.objects.filter(
            study_period__period_set_id=c.school_class.period_set_id
        ).values_list("study_period__start_date", "study_period__end_date")
    )
    groups = StudyGroupMembership.objects.filter(student=c.elder, start_date__lte=first).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=last)
    )
    lessons = list(
        Lesson.objects.filter(
            academic_year=c.year,
            status=LessonStatus.SCHEDULED,
            date__gte=first,
            date__lte=last,
        )
        .filter(Q(school_class=c.school_class) | Q(study_group__in=groups.values("group_id")))
        .order_by("date", "slot_number", "pk")
        .values_list("pk", "date")
    )
    days = sorted(
        day
        for day in {day for _, day in lessons} - noted
        if not any(start <= day <= end for start, end in closed)
    )
    if not days:
        return 0
    free = [day for day in days if day not in marked]
    chosen = free[-1] if free else days[-1]
    ids = [pk for pk, day in lessons if day == chosen]
    # by primary key: a DELETE over the join (the ORM's `IN (SELECT …)` on the mark table
    # itself) ran for minutes on a freshly seeded PostgreSQL without statistics
    doomed = list(
        Mark.objects.filter(
            school_id=c.school.pk, student=c.elder, assignment__lesson_id__in=ids
        ).values_list("pk", flat=True)
    )
    Mark.objects.filter(pk__in=doomed).delete()
    away = [
        AttendanceMark(
            school_id=c.school.pk, lesson_id=pk, student=c.elder, code=AttendanceCode.ILL
        )
        for pk in ids
    ]
    _bulk(AttendanceMark, away)
    return len(away)


def _journal_facts(cast: Cast, math_row: TeachingAssignment, today: datetime.date) -> None:
    """What the texts take from the journal (when the demo has one): the last math lesson
    three days ago or before and its homework; the elder's latest day away."""
    asked = today - datetime.timedelta(days=3)
    lesson = (
        Lesson.objects.filter(
            academic_year=cast.year,
            status=LessonStatus.SCHEDULED,
            subject_id=math_row.subject_id,
            school_class_id=math_row.school_class_id,
            study_group_id=math_row.study_group_id,
            date__lte=asked,
        )
        .order_by("-date", "-slot_number")
        .first()
    )
    if lesson is not None:
        cast.math_day = lesson.date
        text = (
            Assignment.objects.filter(lesson=lesson, work_type__is_homework=True)
            .exclude(text="")
            .order_by("position", "pk")
            .values_list("text", flat=True)
            .first()
        )
        cast.math_homework = text or ""
    cast.away = away_day(cast, today)


def away_day(cast: Cast, today: datetime.date) -> tuple[datetime.date, str] | None:
    """The elder's latest day of the last three weeks (not yesterday) away ill or for a valid
    reason with no mark that day (a whole day away, not one lesson a document excused), and
    its code."""
    first = today - datetime.timedelta(days=21)
    last = today - datetime.timedelta(days=2)
    days = dict(
        AttendanceMark.objects.filter(
            school_id=cast.school.pk,
            student=cast.elder,
            code__in=[AttendanceCode.ILL, AttendanceCode.EXCUSED],
            lesson__date__gte=first,
            lesson__date__lte=last,
        )
        .order_by("lesson__date", "lesson__slot_number")
        .values_list("lesson__date", "code")
    )
    marked = set(
        Mark.objects.filter(
            school_id=cast.school.pk,
            student=cast.elder,
            assignment__lesson__date__gte=first,
            assignment__lesson__date__lte=last,
        ).values_list("assignment__lesson__date", flat=True)
    )
    free = sorted(set(days) - marked)
    return (free[-1], days[free[-1]]) if free else None


# --- conversations ----------------------------------------------------------------------------
@dataclass
class Post:
    author: int
    at: datetime.datetime
    body: str
    attachment: tuple[str, bytes] | None = None


@dataclass
class ThreadPlan:
    key: str
    subject: str
    posts: list[Post]
    #: user ids, the first author first
    participants: list[int]
    #: participants who have not read the thread to its end (they read up to their own post)
    unread: set[int] = field(default_factory=set)


def plan_threads(cast: Cast, today: datetime.date, rng: random.Random) -> list[ThreadPlan]:
    c = cast

    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    cls = c.school_class.name
    next_monday = monday_of(today) + datetime.timedelta(days=7)
    meeting = next_monday + datetime.timedelta(days=3)
    council = next_monday + datetime.timedelta(days=2)
    excursion = school_day(today + datetime.timedelta(days=16))
    tomorrow = school_day(today + datetime.timedelta(days=1))
    son = c.student.verb("сына", "дочери")
    math_day = c.math_day or weekday_before(ago(3))
    task = c.math_homework.rstrip(".") or "№ 412 и 415 из учебника"
    away_day, away_code = c.away or (weekday_before(ago(10)), AttendanceCode.EXCUSED)
    why = (
        f"{c.student.verb('заболел', 'заболела')}, температура. Справку от врача принесём."
        if away_code == AttendanceCode.ILL
        else "у нас запись к врачу. Справку принесём."
    )
    threads = [
        ThreadPlan(
            "meeting",
            f"Родительское собрание {cls} {ru_day(meeting)}",
            [
                Post(
                    c.classteacher.user_id,
                    c.at(ago(6), "16:20"),
                    f"Здравствуйте, {c.parent.polite}! Приглашаю вас на родительское собрание "
                    f"{cls} класса {ON_WEEKDAY[meeting.weekday()]}, {ru_day(meeting)}, в 18:30, "
                    f"кабинет {c.room}. Поговорим об успеваемости класса, о подготовке к "
                    "контрольным работам и о поездке в краеведческий музей.",
                ),
                Post(
                    c.parent.user_id,
                    c.at(ago(6), "20:05"),
                    f"Добрый вечер, {c.classteacher.polite}! Спасибо, обязательно приду. "
                    f"Можно будет после собрания задать вам несколько вопросов об учёбе {son}?",
                ),
                Post(
                    c.classteacher.user_id,
                    c.at(ago(1), "08:10"),
                    f"Конечно, {c.parent.polite}, подходите после собрания, я задержусь.",
                ),
            ],
            [c.classteacher.user_id, c.parent.user_id],
            unread={c.parent.user_id},
        ),
        ThreadPlan(
            "homework",
            f"Домашнее задание по предмету «{c.math_subject}»",
            [
                Post(
                    c.parent.user_id,
                    c.at(ago(3), "19:40"),
                    f"Здравствуйте, {c.math.polite}! {c.student.first} "
                    f"{c.student.verb('не успел', 'не успела')} записать домашнее задание на "
                    f"уроке {ru_day(math_day)}. Подскажите, пожалуйста, что нужно сделать к "
                    "следующему уроку?",
                ),
                Post(
                    c.math.user_id,
                    c.at(ago(2), "14:15"),
                    f"Добрый день! Задание: {task}. Прикладываю памятку с "
                    "разбором похожей задачи; если останутся вопросы, пусть "
                    f"{c.student.first} подойдёт ко мне после уроков.",
                    attachment=(ATTACHMENT_NAME, ATTACHMENT_PDF),
                ),
            ],
            [c.parent.user_id, c.math.user_id],
            unread={c.parent.user_id},
        ),
        ThreadPlan(
            "council",
            f"Педагогический совет {ru_day(council)}",
            [
                Post(
                    c.director.user_id,
                    c.at(ago(2), "09:05"),
                    f"Уважаемые коллеги! {ON_WEEKDAY[council.weekday()].capitalize()}, "
                    f"{ru_day(council)}, в 15:00 в актовом зале пройдёт педагогический совет "
                    "«Качество образования: итоги и задачи». Классных руководителей прошу до "
                    f"{ru_day(council - datetime.timedelta(days=2))} сдать заместителю "
                    "директора отчёты об успеваемости и посещаемости классов.",
                ),
            ],
            _unique([c.director.user_id, c.deputy.user_id, *c.teachers]),
        ),
        ThreadPlan(
            "project",
            "Срок сдачи проекта",
            [
                Post(
                    c.student.user_id,
                    c.at(ago(4), "18:30"),
                    f"Здравствуйте, {c.student_teacher.polite}! Можно сдать проект в "
                    "понедельник? В эти выходные у меня соревнования по лыжам.",
                ),
                Post(
                    c.student_teacher.user_id,
                    c.at(ago(4), "20:10"),
                    f"Здравствуй, {c.student.first}! Да, можно, но не позже понедельника. "
                    "Удачи на соревнованиях!",
                ),
                Post(c.student.user_id, c.at(ago(3), "07:45"), "Спасибо!"),
            ],
            [c.student.user_id, c.student_teacher.user_id],
        ),
        ThreadPlan(
            "substitution",
            f"Замена урока {ru_day(tomorrow)}",
            [
                Post(
                    c.deputy.user_id,
                    c.at(ago(1), "12:30"),
                    f"{c.teacher.polite}, добрый день! "
                    f"{ON_WEEKDAY[tomorrow.weekday()].capitalize()}, {ru_day(tomorrow)}, "
                    f"прошу провести 5-й урок в {cls} вместо заболевшего коллеги. План урока "
                    "оставлю в учительской.",
                ),
            ],
            [c.deputy.user_id, c.teacher.user_id],
            unread={c.teacher.user_id},
        ),
        ThreadPlan(
            "excursion",
            "Поездка в краеведческий музей",
            [
                Post(
                    c.classteacher.user_id,
                    c.at(ago(8), "17:00"),
                    f"Уважаемые родители! {ON_WEEKDAY[excursion.weekday()].capitalize()}, "
                    f"{ru_day(excursion)}, {cls} едет в краеведческий музей. Сбор у школы в "
                    "8:45, возвращение к 14:00. Билет — 250 ₽. Пожалуйста, подпишите согласие "
                    f"до {ru_day(excursion - datetime.timedelta(days=3))}.",
                ),
            ],
            _unique([c.classteacher.user_id, c.parent.user_id, *c.class_parents]),
        ),
        ThreadPlan(
            "absence",
            f"{c.student.first} не придёт {ru_day(away_day)}",
            [
                Post(
                    c.parent.user_id,
                    c.at(away_day, "07:20"),
                    f"{c.classteacher.polite}, доброе утро! {c.student.first} сегодня не "
                    f"придёт в школу: {why}",
                ),
                Post(
                    c.classteacher.user_id,
                    c.at(away_day, "08:05"),
                    "Хорошо, спасибо, что предупредили.",
                ),
            ],
            [c.parent.user_id, c.classteacher.user_id],
        ),
        ThreadPlan(
            "certificate",
            "Справка об обучении",
            [
                Post(
                    c.parent.user_id,
                    c.at(ago(7), "10:15"),
                    "Здравствуйте! Нужна справка об обучении для МФЦ: "
                    f"{c.student.person.last_name} {c.student.first}, {cls} класс. "
                    "Когда можно её забрать?",
                ),
                Post(
                    c.secretary.user_id,
                    c.at(ago(7), "11:40"),
                    "Добрый день! Справка будет готова завтра. Забрать её можно в приёмной "
                    "директора с 9:00 до 17:00, с собой нужен паспорт.",
                ),
            ],
            [c.parent.user_id, c.secretary.user_id],
        ),
        ThreadPlan(
            "plan",
            f"План воспитательной работы {cls}",
            [
                Post(
                    c.classteacher.user_id,
                    c.at(ago(5), "15:00"),
                    f"{c.deputy.polite}, отправляю план воспитательной работы {cls} на "
                    "следующую четверть. Посмотрите, пожалуйста, есть ли замечания.",
                ),
                Post(
                    c.deputy.user_id,
                    c.at(ago(4), "10:20"),
                    "Спасибо, план согласован. Добавьте, пожалуйста, классный час по "
                    "безопасности дорожного движения.",
                ),
            ],
            [c.classteacher.user_id, c.deputy.user_id],
        ),
    ]
    if c.other_parent is not None and c.other_child is not None:
        child = c.other_child
        threads.append(
            ThreadPlan(
                "other",
                f"{child.first_name} пропустит уроки",
                [
                    Post(
                        c.other_parent.user_id,
                        c.at(ago(1), "21:10"),
                        f"Здравствуйте, {c.teacher.polite}! {child.first_name} "
                        f"{verb(child, 'заболел', 'заболела')} и до конца недели не будет в "
                        "школе. Подскажите, какие темы нужно будет повторить?",
                    ),
                ],
                [c.other_parent.user_id, c.teacher.user_id],
                unread={c.teacher.user_id},
            )
        )
    # The director's message: the demo teacher has not read it, most others have.
    broadcast = next(t for t in threads if t.key == "council")
    broadcast.unread = {c.teacher.user_id} | {
        user
        for user in broadcast.participants[1:]
        if user != c.classteacher.user_id and rng.random() >= COUNCIL_READ_SHARE
    }
    return threads


def _unique(ids: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(ids))


# --- announcements and events ------------------------------------------------------------------
def plan_announcements(cast: Cast, today: datetime.date) -> list[Announcement]:
    c = cast

    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    school_id = c.school.pk
    cls = c.school_class
    excursion = school_day(today + datetime.timedelta(days=16))
    checkup = school_day(today + datetime.timedelta(days=7))
    assert c.holiday is not None
    holiday, first, last = c.holiday
    back = school_day(last + datetime.timedelta(days=1))
    rows = [
        Announcement(
            school_id=school_id,
            author_id=c.director.user_id,
            title=f"{holiday}: с {ru_day(first)} по {ru_day(last)}",
            body=(
                f"Уважаемые обучающиеся и родители! {holiday} продлятся с {ru_day(first)} по "
                f"{ru_day(last)}. Занятия начнутся {ON_WEEKDAY[back.weekday()]}, "
                f"{ru_day(back)}, по обычному расписанию. Желаем хорошего отдыха!"
            ),
            publish_from=c.at(ago(3), "09:00"),
            scope=AudienceScope.SCHOOL,
        ),
        Announcement(
            school_id=school_id,
            author_id=c.deputy.user_id,
            title="Профилактический медосмотр",
            body=(
                f"С {ru_day(checkup)} в медицинском кабинете школы пройдёт профилактический "
                "медицинский осмотр обучающихся по графику классов. Родителям нужно заранее "
                "подписать информированное добровольное согласие — бланк выдаст классный "
                "руководитель."
            ),
            publish_from=c.at(ago(2), "10:30"),
            scope=AudienceScope.SCHOOL,
        ),
        Announcement(
            school_id=school_id,
            author_id=c.deputy.user_id,
            title=f"{cls.grade}-е классы: экскурсия в краеведческий музей",
            body=(
                f"{ON_WEEKDAY[excursion.weekday()].capitalize()}, {ru_day(excursion)}, "
                f"{cls.grade}-е классы едут в краеведческий музей на выставку «Энск: история "
                "города». Подробности — у классных руководителей."
            ),
            publish_from=c.at(ago(8), "12:00"),
            scope=AudienceScope.GRADE,
            grade=cls.grade,
            for_staff=True,
            for_students=True,
            for_parents=True,
        ),
        Announcement(
            school_id=school_id,
            author_id=c.classteacher.user_id,
            title=f"Родителям {cls.name}: согласие на экскурсию",
            body=(
                f"Уважаемые родители! Для поездки в краеведческий музей {ru_day(excursion)} "
                "нужно подписать согласие. Бланк можно взять у классного руководителя, "
                f"кабинет {c.room}."
            ),
            publish_from=c.at(ago(7), "18:00"),
            scope=AudienceScope.CLASS,
            school_class=cls,
            for_staff=False,
            for_students=False,
            for_parents=True,
        ),
        Announcement(
            school_id=school_id,
            author_id=c.director.user_id,
            title="Режим работы школы в каникулы",
            body=(
                f"В {holiday.lower()} школа работает с 9:00 до 17:00, библиотека — по вторникам и "
                "четвергам с 10:00 до 15:00."
            ),
            publish_from=c.at(today + datetime.timedelta(days=5), "08:00"),
            publish_until=c.at(max(last, today + datetime.timedelta(days=12)), "18:00"),
            scope=AudienceScope.SCHOOL,
        ),
        Announcement(
            school_id=school_id,
            author_id=c.deputy.user_id,
            title="Акция «Бумажный бум»: сбор макулатуры",
            body=(
                "Приносите макулатуру к складу у спортивного зала с 8:00 до 8:30. Класс, "
                "собравший больше всех, получит грамоту и экскурсию."
            ),
            publish_from=c.at(ago(35), "09:00"),
            publish_until=c.at(ago(20), "18:00"),
            scope=AudienceScope.SCHOOL,
        ),
    ]
    for row in rows:
        row.created_at = row.updated_at = min(row.publish_from, c.at(ago(1), "09:00"))
    return rows


def plan_events(cast: Cast, today: datetime.date) -> list[Event]:
    c = cast
    school_id = c.school.pk
    cls = c.school_class
    next_monday = monday_of(today) + datetime.timedelta(days=7)
    meeting = next_monday + datetime.timedelta(days=3)
    olympiad = school_day(today + datetime.timedelta(days=8))
    concert = school_day(today + datetime.timedelta(days=10))
    sports = school_day(today + datetime.timedelta(days=17))
    general = school_day(today - datetime.timedelta(days=14))
    rows = [
        Event(
            school_id=school_id,
            kind=EventKind.EVENT,
            title="Концерт школьного хора и ансамбля «Капель»",
            description="Песни и инструментальные номера; приглашаются ученики, родители и "
            "учителя. Вход свободный.",
            place="Актовый зал",
            starts_at=c.at(concert, "17:00"),
            ends_at=c.at(concert, "18:30"),
            created_by_id=c.deputy.user_id,
            scope=AudienceScope.SCHOOL,
        ),
        Event(
            school_id=school_id,
            kind=EventKind.EVENT,
            title="День здоровья",
            description="Эстафеты, мини-футбол и «Весёлые старты» по параллелям. Нужны "
            "спортивная форма и сменная обувь.",
            place="Спортивный зал и школьный стадион",
            starts_at=c.at(sports, "10:00"),
            ends_at=c.at(sports, "13:00"),
            created_by_id=c.deputy.user_id,
            scope=AudienceScope.SCHOOL,
        ),
        Event(
            school_id=school_id,
            kind=EventKind.EVENT,
            title="Школьный этап олимпиады по математике",
            description="Для учеников 5–11 классов; с собой ручка и черновик, калькуляторы "
            "не разрешены. Длительность — 90 минут.",
            place=f"Кабинет {c.math_room}",
            starts_at=c.at(olympiad, "14:10"),
            ends_at=c.at(olympiad, "15:40"),
            created_by_id=c.deputy.user_id,
            scope=AudienceScope.SCHOOL,
            for_parents=False,
        ),
        Event(
            school_id=school_id,
            kind=EventKind.PARENT_MEETING,
            title=f"Родительское собрание {cls.name}",
            description="Успеваемость класса, подготовка к контрольным работам, поездка в "
            "краеведческий музей.",
            place=f"Кабинет {c.room}",
            starts_at=c.at(meeting, "18:30"),
            ends_at=c.at(meeting, "19:30"),
            created_by_id=c.classteacher.user_id,
            scope=AudienceScope.CLASS,
            school_class=cls,
            for_staff=False,
            for_students=False,
            for_parents=True,
        ),
        Event(
            school_id=school_id,
            kind=EventKind.PARENT_MEETING,
            title="Общешкольное родительское собрание",
            description="Безопасность детей на дорогах и в интернете, горячее питание, "
            "вопросы родителей администрации.",
            place="Актовый зал",
            starts_at=c.at(general, "18:00"),
            ends_at=c.at(general, "19:00"),
            created_by_id=c.director.user_id,
            scope=AudienceScope.SCHOOL,
            for_students=False,
        ),
    ]
    for row in rows:
        row.created_at = row.updated_at = c.at(
            min(row.starts_at.date(), today) - datetime.timedelta(days=5), "11:00"
        )
    return rows


# --- links --------------------------------------------------------------------------------------
# The paths of `diary:student_week` and `messaging:thread_detail`, written out rather than
# reversed: reversing loads the whole URLconf (every view and the API), which would add about
# 2.5 s to `seed_demo`; the tests check that these paths resolve to those pages.
def diary_url(school_id: int, student_id: int, day: datetime.date) -> str:
    return f"/s/{school_id}/diary/{student_id}/?week={monday_of(day).isoformat()}"


def thread_url(school_id: int, thread_id: int) -> str:
    return f"/s/{school_id}/messages/{thread_id}/"


# --- writing ------------------------------------------------------------------------------------
def _bulk(model: type[models.Model], rows: Sequence[models.Model]) -> list[models.Model]:
    return model._default_manager.bulk_create(rows, batch_size=BATCH_SIZE)


def _weight(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def write_threads(
    cast: Cast, plans: list[ThreadPlan], counts: CommunicationCounts
) -> dict[str, tuple[Thread, ThreadPlan]]:
    """Write the conversations; answers each thread and its plan by key."""
    school = cast.school
    threads = [
        Thread(
            school=school,
            subject=plan.subject,
            created_by_id=plan.posts[0].author,
            last_message_at=plan.posts[-1].at,
        )
        for plan in plans
    ]
    _bulk(Thread, threads)
    for thread, plan in zip(threads, plans, strict=True):
        thread.created_at = plan.posts[0].at
    Thread.objects.bulk_update(threads, ["created_at"], batch_size=BATCH_SIZE)
    participants: list[ThreadParticipant] = []
    messages: list[Message] = []
    for thread, plan in zip(threads, plans, strict=True):
        last = plan.posts[-1].at
        for user in plan.participants:
            if user in plan.unread:
                own = [post.at for post in plan.posts if post.author == user]
                read: datetime.datetime | None = max(own) if own else None
            else:
                read = last
            participants.append(
                ThreadParticipant(school=school, thread=thread, user_id=user, last_read_at=read)
            )
        messages.extend(
            Message(school=school, thread=thread, author_id=post.author, body=post.body)
            for post in plan.posts
        )
    _bulk(ThreadParticipant, participants)
    _bulk(Message, messages)
    posts = [post for plan in plans for post in plan.posts]
    for message, post in zip(messages, posts, strict=True):
        message.created_at = post.at
    Message.objects.bulk_update(messages, ["created_at"], batch_size=BATCH_SIZE)
    for message, post in zip(messages, posts, strict=True):
        if post.attachment is None:
            continue
        name, content = post.attachment
        attachment = MessageAttachment(
            school=school,
            message=message,
            name=name,
            size=len(content),
            content_type="application/pdf",
        )
        attachment.file.save(name, ContentFile(content), save=False)
        attachment.save()
        counts.attachments += 1
    counts.threads += len(threads)
    counts.messages += len(messages)
    return {plan.key: (thread, plan) for thread, plan in zip(threads, plans, strict=True)}


@dataclass
class _Note:
    user_id: int
    kind: str
    title: str
    body: str
    url: str
    at: datetime.datetime
    read: bool = False


def plan_notifications(
    cast: Cast, today: datetime.date, threads: dict[str, tuple[Thread, ThreadPlan]]
) -> list[_Note]:
    c = cast
    school_id = c.school.pk
    notes: list[_Note] = []
    names = {
        c.director.user_id: c.director,
        c.deputy.user_id: c.deputy,
        c.secretary.user_id: c.secretary,
        c.classteacher.user_id: c.classteacher,
        c.math.user_id: c.math,
        c.student_teacher.user_id: c.student_teacher,
        c.teacher.user_id: c.teacher,
        c.student.user_id: c.student,
        c.parent.user_id: c.parent,
    }
    if c.other_parent is not None:
        names[c.other_parent.user_id] = c.other_parent

    def message(user: Someone, key: str, *, read: bool = False) -> None:
        if key not in threads:
            return
        thread, plan = threads[key]
        post = [post for post in plan.posts if post.author != user.user_id][-1]
        author = names.get(post.author)
        who = f"{author.person.last_name} {author.polite}" if author else ""
        text = post.body if len(post.body) <= 120 else post.body[:119].rstrip() + "…"
        notes.append(
            _Note(
                user.user_id,
                NotificationKind.MESSAGE,
                f"Новое сообщение: {thread.subject}",
                f"{who}: {text}" if who else text,
                thread_url(school_id, thread.pk),
                post.at + datetime.timedelta(seconds=30),
                read,
            )
        )

    # Marks and an absence of the parent's children, from the journal.
    children = [child for child in (c.elder, c.younger) if child is not None]
    first_names = {child.pk: child.person.first_name for child in children}
    recent: list[tuple[int, str, str, str, Decimal, datetime.date, str]] = []
    for child, count in zip(children, (3, 1), strict=False):
        recent.extend(
            Mark.objects.filter(
                school_id=school_id, student=child, assignment__lesson__date__lt=today
            )
            .exclude(value="")
            .order_by("-assignment__lesson__date", "-assignment__lesson__slot_number", "-pk")
            .values_list(
                "student_id",
                "value",
                "comment",
                "assignment__work_type__name",
                "assignment__work_type__weight",
                "assignment__lesson__date",
                "assignment__lesson__subject__name",
            )[:count]
        )
    for n, (student_id, value, comment, work, weight, day, subject) in enumerate(recent):
        title = f"Отметка {value} по предмету «{subject}»"
        body = f"{work}, вес {_weight(weight)}; урок {ru_date(day)}"
        if comment:
            body += f"; {comment}"
        url = diary_url(school_id, student_id, day)
        at = c.at(day, "15:30") + datetime.timedelta(minutes=n)
        notes.append(
            _Note(
                c.parent.user_id,
                NotificationKind.MARK,
                f"{first_names[student_id]}: {title[0].lower()}{title[1:]}",
                body,
                url,
                at,
            )
        )
        if student_id == c.elder.pk:
            # the student has seen the oldest of their marks already
            notes.append(
                _Note(c.student.user_id, NotificationKind.MARK, title, body, url, at, n == 2)
            )
    absence = (
        AttendanceMark.objects.filter(
            school_id=school_id,
            student__in=children,
            lesson__date__lt=today,
            code__in=list(ABSENCE_WORDS),
        )
        .order_by("-lesson__date", "lesson__slot_number", "pk")
        .values_list(
            "student_id", "code", "lesson__date", "lesson__slot_number", "lesson__subject__name"
        )
        .first()
    )
    if absence is not None:
        student_id, code, day, slot, subject = absence
        notes.append(
            _Note(
                c.parent.user_id,
                NotificationKind.ABSENCE,
                f"{first_names[student_id]}: отсутствие на уроке «{subject}»",
                f"{ru_date(day)}, {slot}-й урок: {code} — {ABSENCE_WORDS[AttendanceCode(code)]}",
                diary_url(school_id, student_id, day),
                c.at(day, "14:00"),
            )
        )
    # New messages: the unread ones for the parent and the teacher, a read one for the student.
    message(c.parent, "meeting")
    message(c.parent, "homework")
    message(c.parent, "certificate", read=True)
    message(c.student, "project", read=True)
    message(c.teacher, "council")
    message(c.teacher, "substitution")
    message(c.teacher, "other")
    return notes


def write_notifications(cast: Cast, notes: list[_Note], counts: CommunicationCounts) -> None:
    rows = [
        Notification(
            user_id=note.user_id,
            school=cast.school,
            kind=note.kind,
            source_key=f"demo:{n}",
            title=note.title[:300],
            body=note.body,
            url=note.url,
            read_at=note.at + datetime.timedelta(hours=2) if note.read else None,
        )
        for n, note in enumerate(notes, 1)
    ]
    _bulk(Notification, rows)
    for row, note in zip(rows, notes, strict=True):
        row.created_at = note.at
    Notification.objects.bulk_update(rows, ["created_at"], batch_size=BATCH_SIZE)
    refresh_unread(row.user_id for row in rows)
    counts.notifications += len(rows)


def write_diary(cast: Cast, today: datetime.date, counts: CommunicationCounts) -> None:
    """The demo student's homework ticks of the last week (all but every third) and the demo
    parent's «read the diary» for last week."""
    c = cast
    groups = StudyGroupMembership.objects.filter(student=c.elder, start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    homework = list(
        Assignment.objects.filter(
            school_id=c.school.pk,
            work_type__is_homework=True,
            due_date__gte=today - datetime.timedelta(days=7),
            due_date__lte=today,
        )
        .filter(
            Q(lesson__school_class=c.school_class)
            | Q(lesson__study_group__in=groups.values("group_id"))
        )
        .order_by("due_date", "lesson__slot_number", "pk")
        .values_list("pk", "due_date")
    )
    ticks = [
        (pk, c.at(due - datetime.timedelta(days=1), "19:00") + datetime.timedelta(minutes=5 * n))
        for n, (pk, due) in enumerate(homework)
        if n % 3 != 2
    ]
    rows = [
        HomeworkCompletion(school=c.school, assignment_id=pk, student=c.elder) for pk, _ in ticks
    ]
    _bulk(HomeworkCompletion, rows)
    for row, (_pk, at) in zip(rows, ticks, strict=True):
        row.done_at = at
    HomeworkCompletion.objects.bulk_update(rows, ["done_at"], batch_size=BATCH_SIZE)
    counts.homework_done += len(rows)
    week = monday_of(today) - datetime.timedelta(days=7)
    if week < c.year.start_date:
        return
    ack = DiaryAcknowledgement.objects.create(
        school=c.school, student=c.elder, week_start=week, guardian=c.parent.person
    )
    ack.acknowledged_at = c.at(week + datetime.timedelta(days=6), "20:15")
    ack.save(update_fields=["acknowledged_at"])
    counts.acknowledgements += 1


def build_communication(
    *, year: AcademicYear, index: int, today: datetime.date, seed: int = 0
) -> CommunicationCounts:
    """The communication of the school of `year`, the `index`-th of the demo (its featured
    logins are `parent`, `parent2` …)."""
    counts = CommunicationCounts()
    cast = load_cast(year, index, today)
    if cast is None:
        return counts
    rng = random.Random(f"communication-{seed}-{year.start_date}-{index}")
    threads = write_threads(cast, plan_threads(cast, today, rng), counts)
    announcements = plan_announcements(cast, today)
    _bulk(Announcement, announcements)
    Announcement.objects.bulk_update(announcements, ["created_at", "updated_at"])
    counts.announcements += len(announcements)
    events = plan_events(cast, today)
    _bulk(Event, events)
    Event.objects.bulk_update(events, ["created_at", "updated_at"])
    counts.events += len(events)
    write_notifications(cast, plan_notifications(cast, today, threads), counts)
    write_diary(cast, today, counts)
    return counts


def build_communications(
    *, years: Iterable[AcademicYear], today: datetime.date, seed: int = 0
) -> CommunicationCounts:
    """Every school's communication; `years` in the order of the plan's schools."""
    counts = CommunicationCounts()
    for index, year in enumerate(years):
        counts.add(build_communication(year=year, index=index, today=today, seed=seed))
    return counts


#: Communication and diary tables the demo writes (for the planner statistics).
COMMUNICATION_MODELS: tuple[type[models.Model], ...] = (
    Thread,
    ThreadParticipant,
    Message,
    MessageAttachment,
    Announcement,
    Event,
    Notification,
    HomeworkCompletion,
    DiaryAcknowledgement,
)
