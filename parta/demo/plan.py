"""The demo deployment as plain data.

`make_plan()` computes every row of the demo (organizations, calendar, rooms, people, classes,
enrollment history, groups, parents, logins and roles) from a seed and a date with one
`random.Random`, so the same seed on the same day gives the same data. Rows refer to each other
by their index in the plan's lists. No ORM here: `parta.demo.builder` writes a plan.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import itertools
import json
import random
import re
from dataclasses import dataclass, field

from parta.accounts.choices import Role
from parta.core.validators import format_snils, snils_checksum
from parta.demo import names, teaching
from parta.demo.school_year import SchoolCalendar, school_calendar
from parta.organizations.choices import SchoolType

#: Bump when the generator changes what it produces (the benchmark database reseeds then).
DEMO_VERSION = 7
DEFAULT_SEED = 2026
DEFAULT_SCHOOLS = 1
DEFAULT_STUDENTS_PER_SCHOOL = 600
MIN_STUDENTS_PER_SCHOOL = 30
MAX_STUDENTS_PER_SCHOOL = 5000
MAX_SCHOOLS = 200
#: The one password of every demo login.
DEMO_PASSWORD = "parta-demo"
TIME_ZONE = "Europe/Moscow"
CITY = "г. Энск"
REGION = "Энская обл."
GRADES = tuple(range(1, 12))
LETTERS = "АБВГДЕЖИКЛМНПРСТ"
CLASS_SIZE = 25
#: Relative size of each grade: after grade 9 about half of the students leave.
GRADE_WEIGHTS = {g: 1.1 if g <= 4 else 1.0 if g <= 9 else 0.5 for g in GRADES}
ENGLISH = "Иностранный язык (английский)"
#: Cross-class groups of grades 10–11: (subject of the federal list, group name suffix).
CROSS_CLASS_GROUPS = (("Физика", "физика (углубл.)"), ("Информатика", "информатика (углубл.)"))
PROFILES = (
    "Технологический",
    "Естественно-научный",
    "Социально-экономический",
    "Гуманитарный",
    "Универсальный",
)
#: Subject teachers in the order a school hires them (cycled for big schools).
SUBJECT_TEACHERS = (
    "Математика",
    "Русский язык",
    ENGLISH,
    "История",
    "Физическая культура",
    "Биология",
    "Физика",
    "Химия",
    "География",
    "Информатика",
    "Математика",
    "Русский язык",
    ENGLISH,
    "Литература",
    "Музыка",
    "Изобразительное искусство",
    "Труд (технология)",
    "Основы безопасности и защиты Родины",
    "Обществознание",
    "Математика",
    "Русский язык",
    ENGLISH,
    "Физическая культура",
    "Математика",
    "Русский язык",
)
#: Specialists (a teaching position, the teacher role); the first two exist in every school.
SPECIALISTS = (
    "Педагог-психолог",
    "Педагог-библиотекарь",
    "Социальный педагог",
    "Учитель-логопед",
    "Педагог-организатор",
    "Советник директора по воспитанию",
)
#: Subject classrooms of the main building (cycled); the first ones are also home rooms.
CLASSROOMS = (
    ("Кабинет математики", 30),
    ("Кабинет русского языка и литературы", 30),
    ("Кабинет английского языка", 15),
    ("Кабинет истории и обществознания", 30),
    ("Кабинет физики", 30),
    ("Кабинет химии", 30),
    ("Кабинет биологии", 30),
    ("Кабинет географии", 30),
    ("Кабинет математики", 30),
    ("Кабинет русского языка и литературы", 30),
    ("Кабинет английского языка", 15),
    ("Кабинет ОБЗР", 30),
)
SPECIAL_ROOMS = (
    ("Кабинет информатики", 15),
    ("Кабинет информатики", 15),
    ("Кабинет музыки", 30),
    ("Кабинет изобразительного искусства", 30),
    ("Мастерская", 15),
    ("Библиотека", 30),
    ("Кабинет педагога-психолога", 8),
    ("Спортивный зал", 60),
    ("Актовый зал", 200),
)
#: School cards cycle through these (type, full-name pattern, short-name pattern).
SCHOOL_KINDS = (
    (
        SchoolType.SECONDARY,
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
        "школа № {n}» городского округа Энск",
        "МБОУ СОШ № {n}",
    ),
    (
        SchoolType.GYMNASIUM,
        "Муниципальное автономное общеобразовательное учреждение «Гимназия № {n}» "
        "городского округа Энск",
        "МАОУ «Гимназия № {n}»",
    ),
    (
        SchoolType.LYCEUM,
        "Муниципальное бюджетное общеобразовательное учреждение «Лицей № {n}» "
        "городского округа Энск",
        "МБОУ «Лицей № {n}»",
    ),
    (
        SchoolType.SECONDARY,
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
        "школа № {n} с углублённым изучением отдельных предметов» городского округа Энск",
        "МБОУ СОШ № {n}",
    ),
    (
        SchoolType.SECONDARY,
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
        "школа № {n}» городского округа Энск",
        "МБОУ СОШ № {n}",
    ),
)
_TRIPLE_DIGIT = re.compile(r"(\d)\1\1")


# --- rows -------------------------------------------------------------------------------------
@dataclass
class OrgRow:
    full_name: str
    short_name: str
    address: str
    phone: str
    email: str
    website: str
    inn: str
    kpp: str
    ogrn: str
    school_type: str = ""
    number: int = 0
    licence_number: str = ""
    licence_date: datetime.date | None = None
    accreditation_number: str = ""
    accreditation_date: datetime.date | None = None
    director_name: str = ""


@dataclass
class PersonRow:
    last_name: str
    first_name: str
    patronymic: str
    sex: str
    birth_date: datetime.date
    snils: str
    phone: str = ""
    email: str = ""
    address: str = ""
    #: "" when the person has no login
    username: str = ""
    #: school index the login opens first (User.last_school)
    home_school: int | None = None

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)


@dataclass
class BuildingRow:
    school: int
    name: str
    address: str


@dataclass
class RoomRow:
    school: int
    building: int | None
    number: str
    name: str
    capacity: int


@dataclass
class StaffRow:
    school: int
    person: int
    positions: tuple[str, ...]
    roles: tuple[str, ...]
    hire_date: datetime.date
    #: the subject a subject teacher teaches (for capabilities to come: teaching load)
    subject: str = ""


@dataclass
class ClassRow:
    school: int
    grade: int
    letter: str
    class_teacher: int
    home_room: int
    profile: str = ""

    @property
    def name(self) -> str:
        return f"{self.grade}{self.letter}"

    @property
    def uses_half_years(self) -> bool:
        return self.grade >= 10

    @property
    def has_extra_holidays(self) -> bool:
        return self.grade == 1


@dataclass
class EnrollmentRow:
    school_class: int
    start: datetime.date
    end: datetime.date | None = None
    reason: str = ""


@dataclass
class StudentRow:
    school: int
    person: int
    grade: int
    admission_date: datetime.date
    file_number: str = ""
    enrollments: list[EnrollmentRow] = field(default_factory=list)


@dataclass
class GuardianRow:
    guardian: int
    student: int
    relation: str


@dataclass
class MembershipRow:
    student: int
    start: datetime.date
    end: datetime.date | None = None


@dataclass
class GroupRow:
    school: int
    kind: str
    name: str
    grade: int
    subject: str
    school_class: int | None = None
    members: list[MembershipRow] = field(default_factory=list)


@dataclass
class RoleRow:
    person: int
    role: str
    #: school index, or None for the municipality
    school: int | None


@dataclass
class Featured:
    """A demo login printed for people trying the system."""

    key: str
    username: str
    person: int | None
    school: int | None


@dataclass
class DemoPlan:
    seed: int
    students_per_school: int
    calendar: SchoolCalendar
    region: OrgRow
    municipality: OrgRow
    schools: list[OrgRow] = field(default_factory=list)
    buildings: list[BuildingRow] = field(default_factory=list)
    rooms: list[RoomRow] = field(default_factory=list)
    persons: list[PersonRow] = field(default_factory=list)
    staff: list[StaffRow] = field(default_factory=list)
    classes: list[ClassRow] = field(default_factory=list)
    students: list[StudentRow] = field(default_factory=list)
    guardianships: list[GuardianRow] = field(default_factory=list)
    groups: list[GroupRow] = field(default_factory=list)
    roles: list[RoleRow] = field(default_factory=list)
    #: teaching load and weekly timetable (see parta.demo.teaching)
    load: list[teaching.LoadRow] = field(default_factory=list)
    entries: list[teaching.EntryRow] = field(default_factory=list)
    featured: list[Featured] = field(default_factory=list)
    admin_username: str = "admin"

    def digest(self) -> str:
        """A fingerprint of the whole plan (equal plans, equal digests)."""
        data = json.dumps(dataclasses.asdict(self), default=str, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(data.encode()).hexdigest()

    def usernames(self) -> list[str]:
        return [self.admin_username] + [p.username for p in self.persons if p.username]


def featured_username(key: str, school: int) -> str:
    """`director` for the first school, `director2` for the second …"""
    return key if school == 0 else f"{key}{school + 1}"


# --- identifiers --------------------------------------------------------------------------
def _inn_check(digits: str) -> str:
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    return str(sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 % 10)


# --- the generator ------------------------------------------------------------------------
@dataclass
class _SchoolStaff:
    """The staff a school's featured logins and classes are drawn from (staff indices)."""

    director: int
    deputy: int
    secretary: int
    hr: int
    teacher: int
    primary: list[int]
    upper: list[int]

    def featured(self) -> dict[str, int]:
        return {
            "director": self.director,
            "deputy": self.deputy,
            "secretary": self.secretary,
            "hr": self.hr,
            "teacher": self.teacher,
        }


@dataclass
class _Family:
    mother: int | None
    father: int | None
    students: list[int]


class _Planner:
    def __init__(
        self, *, schools: int, students_per_school: int, seed: int, today: datetime.date
    ) -> None:
        self.rng = random.Random(seed)
        self.n_schools = schools
        self.m = students_per_school
        self.calendar = school_calendar(today)
        self.y = self.calendar.start.year
        self.snils_used: set[str] = set()
        self.inn_used: set[str] = set()
        self.usernames: set[str] = {"admin"}
        self.plan = DemoPlan(
            seed=seed,
            students_per_school=students_per_school,
            calendar=self.calendar,
            region=self._org(
                "Министерство образования Энской области",
                "Энская область",
                "999000, Энская обл., г. Энск, пл. Советская, д. 1",
                "minobr@ensk-region.example",
                "https://minobr.ensk-region.example/",
                inspection=0,
            ),
            municipality=self._org(
                "Управление образования администрации городского округа Энск",
                "УО г. Энск",
                "999001, Энская обл., г. Энск, ул. Ленина, д. 15",
                "uo@ensk-edu.example",
                "https://ensk-edu.example/",
                inspection=1,
            ),
        )
        # per school: grade → class indices
        self.classes_by_grade: list[dict[int, list[int]]] = []

    # --- small helpers --------------------------------------------------------------------
    def _date_between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        return first + datetime.timedelta(days=self.rng.randint(0, (last - first).days))

    def _years_before(self, day: datetime.date, low: int, high: int) -> datetime.date:
        return day - datetime.timedelta(days=self.rng.randint(low * 365, high * 365 + 364))

    def _snils(self) -> str:
        while True:
            # Numbers up to 001-001-998 predate check numbers; demo numbers are all above.
            body = f"{self.rng.randint(1_002_000, 999_999_999):09d}"
            if _TRIPLE_DIGIT.search(body) or body in self.snils_used:
                continue
            self.snils_used.add(body)
            return format_snils(f"{body}{snils_checksum(body):02d}")

    def _org_ids(self, inspection: int) -> tuple[str, str, str]:
        """INN (10 digits), KPP and OGRN (13 digits) of a legal entity of region 99."""
        while True:
            head = f"99{inspection % 100:02d}{self.rng.randint(0, 99999):05d}"
            inn = head + _inn_check(head)
            if inn not in self.inn_used:
                self.inn_used.add(inn)
                break
        registered = self.rng.randint(2, 12)
        body = f"1{registered:02d}99{inspection % 100:02d}{self.rng.randint(0, 99999):05d}"
        ogrn = body + str(int(body) % 11 % 10)
        return inn, f"{inn[:4]}01001", ogrn

    def _phone_city(self) -> str:
        r = self.rng.randint
        return f"+7 (4999) {r(20, 79)}-{r(10, 99)}-{r(10, 99)}"

    def _phone_mobile(self) -> str:
        r = self.rng.randint
        return f"+7 9{r(0, 99):02d} {r(100, 999)}-{r(10, 99)}-{r(10, 99)}"

    def _home_address(self) -> str:
        street = self.rng.choice(names.STREETS)
        house = self.rng.randint(1, 120)
        if self.rng.random() < 0.25:
            return f"{CITY}, {street}, д. {house}"
        return f"{CITY}, {street}, д. {house}, кв. {self.rng.randint(1, 180)}"

    def _org(
        self, full: str, short: str, address: str, email: str, website: str, *, inspection: int
    ) -> OrgRow:
        inn, kpp, ogrn = self._org_ids(inspection)
        return OrgRow(
            full_name=full,
            short_name=short,
            address=address,
            phone=self._phone_city(),
            email=email,
            website=website,
            inn=inn,
            kpp=kpp,
            ogrn=ogrn,
        )

    def _person(
        self,
        *,
        sex: str,
        last_name: str,
        first_name: str,
        patronymic: str,
        birth_date: datetime.date,
        phone: bool = True,
        address: str = "",
    ) -> int:
        self.plan.persons.append(
            PersonRow(
                last_name=last_name if sex == "m" else names.feminine_surname(last_name),
                first_name=first_name,
                patronymic=patronymic,
                sex=sex,
                birth_date=birth_date,
                snils=self._snils(),
                phone=self._phone_mobile() if phone else "",
                address=address or self._home_address(),
            )
        )
        return len(self.plan.persons) - 1

    def _adult(self, sex: str, born_from: datetime.date, born_to: datetime.date) -> int:
        first = self.rng.choice(names.ADULT_MALE_NAMES if sex == "m" else names.ADULT_FEMALE_NAMES)
        return self._person(
            sex=sex,
            last_name=self.rng.choice(names.SURNAMES),
            first_name=first,
            patronymic=names.patronymic(self.rng.choice(names.ADULT_MALE_NAMES), sex),
            birth_date=self._date_between(born_from, born_to),
        )

    # --- organizations ----------------------------------------------------------------------
    def schools(self) -> None:
        for index in range(self.n_schools):
            number = index + 1
            school_type, full, short = SCHOOL_KINDS[index % len(SCHOOL_KINDS)]
            street = names.STREETS[(index * 7) % len(names.STREETS)]
            card = self._org(
                full.format(n=number),
                short.format(n=number),
                f"999{number % 1000:03d}, {REGION}, {CITY}, {street}, д. {self.rng.randint(1, 60)}",
                f"school{number}@ensk-edu.example",
                f"https://school{number}.ensk-edu.example/",
                inspection=10 + index,
            )
            card.school_type = school_type
            card.number = number
            licensed = datetime.date(self.rng.randint(2012, 2016), self.rng.randint(1, 12), 15)
            card.licence_number = f"Л035-01298-99/{self.rng.randint(100000, 999999):08d}"
            card.licence_date = licensed
            card.accreditation_number = f"А007-01298-99/{self.rng.randint(100000, 999999):08d}"
            card.accreditation_date = licensed + datetime.timedelta(days=self.rng.randint(90, 700))
            self.plan.schools.append(card)

    # --- sizes ------------------------------------------------------------------------------
    def grade_sizes(self) -> list[dict[int, int]]:
        """Students per grade in each school: M in total, smaller senior grades."""
        sizes: list[dict[int, int]] = []
        for _school in range(self.n_schools):
            raw = {g: GRADE_WEIGHTS[g] * self.rng.uniform(0.88, 1.12) for g in GRADES}
            total = sum(raw.values())
            counts = {g: max(1, int(self.m * raw[g] / total)) for g in GRADES}
            # Hand out what rounding left over (or take back) one student at a time.
            order = sorted(GRADES, key=lambda g: raw[g], reverse=True)
            step = 0
            while sum(counts.values()) != self.m:
                grade = order[step % len(order)]
                if sum(counts.values()) < self.m:
                    counts[grade] += 1
                elif counts[grade] > 1:
                    counts[grade] -= 1
                step += 1
            sizes.append(counts)
        return sizes

    # --- buildings and rooms ----------------------------------------------------------------
    def rooms(
        self, school: int, primary_classes: int, upper_classes: int
    ) -> tuple[list[int], list[int]]:
        """Buildings and rooms of a school. Returns the home rooms for primary and for upper
        classes (room indices, in order)."""
        card = self.plan.schools[school]
        main = len(self.plan.buildings)
        self.plan.buildings.append(BuildingRow(school, "Главный корпус", card.address))
        primary_building = main
        if self.m >= 400 and school % 2 == 0:
            primary_building = len(self.plan.buildings)
            street = self.rng.choice(names.STREETS)
            self.plan.buildings.append(
                BuildingRow(
                    school,
                    "Корпус начальной школы",
                    f"{REGION}, {CITY}, {street}, д. {self.rng.randint(1, 60)}",
                )
            )

        def add(building: int, number: str, name: str, capacity: int) -> int:
            self.plan.rooms.append(RoomRow(school, building, number, name, capacity))
            return len(self.plan.rooms) - 1

        slots = itertools.count()

        def next_number() -> str:
            """101 … 114 on the first floor, 201 … on the second."""
            slot = next(slots)
            return f"{1 + slot // 14}{1 + slot % 14:02d}"

        primary: list[int] = []
        for k in range(primary_classes):
            if primary_building != main:
                primary.append(add(primary_building, str(k + 1), "Кабинет начальных классов", 25))
            else:
                primary.append(add(main, next_number(), "Кабинет начальных классов", 25))
        upper: list[int] = []
        count = upper_classes + 6
        for k in range(count):
            name, capacity = CLASSROOMS[k % len(CLASSROOMS)]
            room = add(main, next_number(), name, capacity)
            if k < upper_classes:
                upper.append(room)
        for name, capacity in SPECIAL_ROOMS:
            add(main, next_number(), name, capacity)
        # Home rooms of upper classes: the English rooms are too small, so sort them last.
        upper.sort(key=lambda room: self.plan.rooms[room].capacity < 20)
        return primary, upper

    # --- staff ------------------------------------------------------------------------------
    def _staff(
        self,
        school: int,
        positions: tuple[str, ...],
        roles: tuple[str, ...],
        *,
        age: tuple[int, int] = (24, 63),
        female: float = 0.82,
        subject: str = "",
    ) -> int:
        sex = "f" if self.rng.random() < female else "m"
        birth_date = self._date_between(
            datetime.date(self.y - age[1], 1, 1), datetime.date(self.y - age[0], 8, 31)
        )
        person = self._adult(sex, birth_date, birth_date)
        first_year = max(birth_date.year + 22, self.y - 30)
        hired = datetime.date(self.rng.randint(first_year, self.y), 8, self.rng.randint(15, 31))
        self.plan.staff.append(StaffRow(school, person, positions, roles, hired, subject))
        return len(self.plan.staff) - 1

    def staff(self, school: int, primary_classes: int, upper_classes: int) -> _SchoolStaff:
        big = self.m >= 300
        director = self._staff(school, ("Директор",), (Role.DIRECTOR,), age=(42, 62), female=0.6)
        deputy = self._staff(
            school,
            ("Заместитель директора по учебной работе",),
            (Role.DEPUTY_DIRECTOR,),
            age=(35, 60),
        )
        if big:
            self._staff(
                school,
                ("Заместитель директора по воспитательной работе",),
                (Role.DEPUTY_DIRECTOR,),
                age=(30, 58),
            )
        secretary = self._staff(
            school, ("Секретарь",), (Role.SECRETARY,), age=(22, 55), female=0.95
        )
        hr = self._staff(
            school, ("Специалист по кадрам",), (Role.HR_OFFICER,), age=(28, 60), female=0.9
        )
        primary = [
            self._staff(school, ("Учитель начальных классов",), (Role.TEACHER,), female=0.97)
            for _ in range(primary_classes + (1 if big else 0))
        ]
        n_subject = max(upper_classes + 2, round(self.m * 0.04))
        subject_teachers = [
            self._staff(
                school,
                ("Учитель",),
                (Role.TEACHER,),
                subject=SUBJECT_TEACHERS[k % len(SUBJECT_TEACHERS)],
            )
            for k in range(n_subject)
        ]
        for name in SPECIALISTS[: len(SPECIALISTS) if big else 2]:
            self._staff(school, (name,), (Role.TEACHER,), female=0.9)
        english = next(t for t in subject_teachers if self.plan.staff[t].subject == ENGLISH)
        # The director's name goes on the school card.
        card = self.plan.schools[school]
        card.director_name = self.plan.persons[self.plan.staff[director].person].full_name
        return _SchoolStaff(
            director=director,
            deputy=deputy,
            secretary=secretary,
            hr=hr,
            teacher=english,
            primary=primary,
            upper=[t for t in subject_teachers if t != english],
        )

    # --- classes ----------------------------------------------------------------------------
    def classes(
        self,
        school: int,
        sizes: dict[int, int],
        primary_teachers: list[int],
        upper_teachers: list[int],
        primary_rooms: list[int],
        upper_rooms: list[int],
    ) -> None:
        primary_teachers = list(primary_teachers)
        upper_teachers = list(upper_teachers)
        self.rng.shuffle(primary_teachers)
        self.rng.shuffle(upper_teachers)
        by_grade: dict[int, list[int]] = {}
        p = u = 0
        for grade in GRADES:
            count = min(len(LETTERS), max(1, round(sizes[grade] / CLASS_SIZE)))
            profiles = self.rng.sample(PROFILES, k=min(count, len(PROFILES)))
            by_grade[grade] = []
            for k in range(count):
                if grade <= 4:
                    teacher, room = primary_teachers[p], primary_rooms[p]
                    p += 1
                else:
                    teacher, room = upper_teachers[u], upper_rooms[u]
                    u += 1
                self.plan.classes.append(
                    ClassRow(
                        school=school,
                        grade=grade,
                        letter=LETTERS[k],
                        class_teacher=teacher,
                        home_room=room,
                        profile=profiles[k % len(profiles)] if grade >= 10 else "",
                    )
                )
                by_grade[grade].append(len(self.plan.classes) - 1)
        self.classes_by_grade.append(by_grade)

    @staticmethod
    def class_counts(sizes: dict[int, int]) -> tuple[int, int]:
        counts = {g: min(len(LETTERS), max(1, round(sizes[g] / CLASS_SIZE))) for g in GRADES}
        return sum(counts[g] for g in GRADES if g <= 4), sum(counts[g] for g in GRADES if g > 4)

    # --- families ---------------------------------------------------------------------------
    def _birth_for_grade(self, grade: int) -> datetime.date:
        """Around 7 years old in grade 1 on 1 September (6.5–7.7)."""
        return self._date_between(
            datetime.date(self.y - grade - 6, 1, 1), datetime.date(self.y - grade - 5, 2, 28)
        )

    def _take_grade(
        self, remaining: dict[int, int], taken: list[int], prefer: tuple[int, ...] = ()
    ) -> int | None:
        """A grade with free places, two or more grades away from siblings' grades."""
        options = [g for g in GRADES if remaining[g] > 0 and all(abs(g - t) >= 2 for t in taken)]
        if not options:
            return None
        for grade in prefer:
            if grade in options:
                choice = grade
                break
        else:
            choice = self.rng.choices(options, weights=[remaining[g] for g in options])[0]
        remaining[choice] -= 1
        return choice

    def family(self, children: list[tuple[int, int]], *, both_parents: bool = False) -> _Family:
        """A family with children at (school, grade): the children carry the father's surname
        and patronymic; the mother and/or the father are recorded as parents."""
        rng = self.rng
        surname = rng.choice(names.SURNAMES)
        father_name = rng.choice(names.ADULT_MALE_NAMES)
        address = self._home_address()
        students: list[int] = []
        births: list[datetime.date] = []
        first_names: set[str] = set()
        for school, grade in children:
            sex = "m" if rng.random() < 0.5 else "f"
            pool = names.CHILD_MALE_NAMES if sex == "m" else names.CHILD_FEMALE_NAMES
            first = rng.choice([n for n in pool if n not in first_names])
            first_names.add(first)
            birth = self._birth_for_grade(grade)
            births.append(birth)
            person = self._person(
                sex=sex,
                last_name=surname,
                first_name=first,
                patronymic=names.patronymic(father_name, sex),
                birth_date=birth,
                phone=grade >= 5 and rng.random() < 0.7,
                address=address,
            )
            admitted = datetime.date(self.y - grade + 1, 9, 1)
            if grade > 1 and rng.random() < 0.12:
                # Came from another school in an earlier year.
                came = rng.randint(self.y - grade + 2, self.y)
                admitted = self._date_between(
                    datetime.date(came - 1, 9, 2), datetime.date(came, 5, 20)
                )
            self.plan.students.append(StudentRow(school, person, grade, admitted))
            students.append(len(self.plan.students) - 1)
        eldest = min(births)
        draw = rng.random()
        has_mother = both_parents or draw < 0.92
        has_father = both_parents or draw < 0.55 or 0.92 <= draw < 0.97
        mother = father = None
        mother_birth = self._years_before(eldest, 21, 37)
        if has_mother:
            mother_surname = surname if rng.random() < 0.88 else rng.choice(names.SURNAMES)
            mother = self._person(
                sex="f",
                last_name=mother_surname,
                first_name=rng.choice(names.ADULT_FEMALE_NAMES),
                patronymic=names.patronymic(rng.choice(names.ADULT_MALE_NAMES), "f"),
                birth_date=mother_birth,
                address=address,
            )
        if has_father:
            father = self._person(
                sex="m",
                last_name=surname,
                first_name=father_name,
                patronymic=names.patronymic(rng.choice(names.ADULT_MALE_NAMES), "m"),
                birth_date=mother_birth - datetime.timedelta(days=rng.randint(-700, 2500)),
                address=address,
            )
        for student in students:
            if mother is not None:
                self.plan.guardianships.append(GuardianRow(mother, student, "mother"))
            if father is not None:
                self.plan.guardianships.append(GuardianRow(father, student, "father"))
        return _Family(mother, father, students)

    def families(self, sizes: list[dict[int, int]]) -> dict[str, _Family]:
        """Every student, in families. Returns the featured families: `parent` per school (two
        children, the elder with a login) and `parent2schools` (children in schools 1 and 2)."""
        remaining = [dict(s) for s in sizes]
        featured: dict[str, _Family] = {}
        for school in range(self.n_schools):
            elder = self._take_grade(remaining[school], [], prefer=(7, 6, 8, 5, 9))
            assert elder is not None
            younger = self._take_grade(remaining[school], [elder], prefer=(3, 2, 4))
            pair = [elder] + ([younger] if younger is not None else [])
            featured[featured_username("parent", school)] = self.family(
                [(school, g) for g in pair], both_parents=True
            )
        for school in range(self.n_schools - 1):
            for k in range(max(1, self.m // 200)):
                first = self._take_grade(remaining[school], [], prefer=(6, 5, 7, 8))
                second = self._take_grade(remaining[school + 1], [first or 0], prefer=(2, 3, 4))
                if first is None or second is None:
                    if first is not None:
                        remaining[school][first] += 1
                    continue
                family = self.family([(school, first), (school + 1, second)], both_parents=True)
                if school == 0 and k == 0:
                    featured["parent2schools"] = family
        for school in range(self.n_schools):
            left = remaining[school]
            while sum(left.values()):
                draw = self.rng.random()
                size = 1 if draw < 0.70 else 2 if draw < 0.95 else 3
                grades: list[int] = []
                for _ in range(size):
                    grade = self._take_grade(left, grades)
                    if grade is None:
                        break
                    grades.append(grade)
                self.family([(school, g) for g in grades])
        return featured

    # --- enrollment -------------------------------------------------------------------------
    def _movement_window(self) -> tuple[datetime.date, datetime.date]:
        """Arrivals and moves happen between mid-September and the end of October, whatever
        the date of seeding, so that a seed gives the same data all year."""
        start = self.calendar.start
        return start + datetime.timedelta(days=14), start + datetime.timedelta(days=60)

    def _cohorts(self) -> dict[tuple[int, int], list[int]]:
        """(school, grade) → student indices, in plan order."""
        cohorts: dict[tuple[int, int], list[int]] = {}
        for index, student in enumerate(self.plan.students):
            cohorts.setdefault((student.school, student.grade), []).append(index)
        return cohorts

    def enroll(self, protected: set[int]) -> None:
        """Split each grade into its classes; a few students arrive during the year, a few move
        to a parallel class (the old row closes the day before the new one opens). Every school
        has at least one of each (a move needs parallel classes)."""
        cohorts = self._cohorts()
        for school in range(self.n_schools):
            by_grade = self.classes_by_grade[school]
            # (student, class, classes of the grade, "stay" | "late" | "move")
            decisions: list[tuple[int, int, list[int], str]] = []
            for grade in GRADES:
                members = list(cohorts.get((school, grade), []))
                self.rng.shuffle(members)
                classes = by_grade[grade]
                for position, student_index in enumerate(members):
                    school_class = classes[position * len(classes) // len(members)]
                    draw = 1.0 if student_index in protected else self.rng.random()
                    kind = "stay"
                    if draw < 0.02:
                        kind = "late"
                    elif draw < 0.035 and len(classes) > 1:
                        kind = "move"
                    decisions.append((student_index, school_class, classes, kind))
            for kind in ("late", "move"):
                if any(d[3] == kind for d in decisions):
                    continue
                for n, (student_index, school_class, classes, current) in enumerate(decisions):
                    if (
                        current == "stay"
                        and student_index not in protected
                        and (kind == "late" or len(classes) > 1)
                    ):
                        decisions[n] = (student_index, school_class, classes, kind)
                        break
            for student_index, school_class, classes, kind in decisions:
                self._enroll_one(self.plan.students[student_index], school_class, classes, kind)

    def _enroll_one(
        self, student: StudentRow, school_class: int, classes: list[int], kind: str
    ) -> None:
        start = self.calendar.start
        first, last = self._movement_window()
        if kind == "late":
            day = self._date_between(first, last)
            student.admission_date = day
            student.enrollments.append(EnrollmentRow(school_class, day))
        elif kind == "move":
            day = self._date_between(first, last)
            target = self.rng.choice([c for c in classes if c != school_class])
            old, new = self.plan.classes[school_class], self.plan.classes[target]
            student.enrollments.append(
                EnrollmentRow(
                    school_class, start, day - datetime.timedelta(days=1), f"Перевод в {new.name}"
                )
            )
            student.enrollments.append(EnrollmentRow(target, day, None, f"Перевод из {old.name}"))
        else:
            student.enrollments.append(EnrollmentRow(school_class, start))

    def file_numbers(self) -> None:
        """«И/13»: first letter of the surname / sequence of that letter in the school."""
        order = sorted(
            range(len(self.plan.students)),
            key=lambda i: (
                self.plan.students[i].school,
                self.plan.students[i].admission_date,
                self.plan.persons[self.plan.students[i].person].last_name,
                self.plan.persons[self.plan.students[i].person].first_name,
                i,
            ),
        )
        counters: dict[tuple[int, str], int] = {}
        for i in order:
            student = self.plan.students[i]
            letter = self.plan.persons[student.person].last_name[0].upper()
            key = (student.school, letter)
            counters[key] = counters.get(key, 0) + 1
            student.file_number = f"{letter}/{counters[key]}"

    # --- groups -----------------------------------------------------------------------------
    def groups(self) -> None:
        members_of: dict[int, list[tuple[int, EnrollmentRow]]] = {}
        for index, student in enumerate(self.plan.students):
            for row in student.enrollments:
                members_of.setdefault(row.school_class, []).append((index, row))
        for class_index, school_class in enumerate(self.plan.classes):
            if school_class.grade < 2:
                continue
            rows = sorted(
                members_of.get(class_index, []),
                key=lambda item: (
                    self.plan.persons[self.plan.students[item[0]].person].last_name,
                    self.plan.persons[self.plan.students[item[0]].person].first_name,
                    item[0],
                ),
            )
            half = (len(rows) + 1) // 2
            for number, part in ((1, rows[:half]), (2, rows[half:])):
                self.plan.groups.append(
                    GroupRow(
                        school=school_class.school,
                        kind="subgroup",
                        name=f"{school_class.name} англ. гр. {number}",
                        grade=school_class.grade,
                        subject=ENGLISH,
                        school_class=class_index,
                        members=[MembershipRow(s, row.start, row.end) for s, row in part],
                    )
                )
        cohorts = self._cohorts()
        for school in range(self.n_schools):
            for grade in (10, 11):
                students = cohorts.get((school, grade), [])
                for subject, suffix in CROSS_CLASS_GROUPS:
                    chosen = [i for i in students if self.rng.random() < 0.45]
                    self.plan.groups.append(
                        GroupRow(
                            school=school,
                            kind="cross_class",
                            name=f"{grade} {suffix}",
                            grade=grade,
                            subject=subject,
                            members=[
                                MembershipRow(i, self.plan.students[i].enrollments[0].start)
                                for i in chosen
                            ],
                        )
                    )

    # --- teaching load and timetable -------------------------------------------------------
    def teaching(self) -> None:
        """The load and the weekly timetable of every school (hiring teachers the staff lacks)."""
        subgroups: dict[int, list[int]] = {}
        for index, group in enumerate(self.plan.groups):
            if group.kind == "subgroup" and group.school_class is not None:
                subgroups.setdefault(group.school_class, []).append(index)
        linked: dict[int, set[int]] = {}
        for student in self.plan.students:
            moved = {row.school_class for row in student.enrollments}
            for class_index in moved if len(moved) > 1 else ():
                linked.setdefault(class_index, set()).update(moved - {class_index})
        for school in range(self.n_schools):
            classes = [
                teaching.ClassInfo(
                    index=index,
                    grade=row.grade,
                    class_teacher=row.class_teacher,
                    home_room=row.home_room,
                    subgroups=tuple(subgroups.get(index, ())),
                    linked=tuple(sorted(linked.get(index, ()))),
                )
                for index, row in enumerate(self.plan.classes)
                if row.school == school
            ]
            teachers = [
                teaching.TeacherInfo(index, row.subject)
                for index, row in enumerate(self.plan.staff)
                if row.school == school and row.subject
            ]

            def hire(subject: str, school: int = school) -> int:
                return self._staff(school, ("Учитель",), (Role.TEACHER,), subject=subject)

            cross = [
                teaching.GroupInfo(index, group.grade, group.subject)
                for index, group in enumerate(self.plan.groups)
                if group.school == school and group.kind == "cross_class"
            ]
            load = teaching.plan_load(school, classes, teachers, hire, cross)
            rooms = [
                teaching.RoomInfo(index, row.name)
                for index, row in enumerate(self.plan.rooms)
                if row.school == school
            ]
            subjects = {t.index: t.subject for t in teachers}
            self.plan.load.extend(load)
            self.plan.entries.extend(
                teaching.plan_timetable(school, classes, load, rooms, subjects, cross)
            )

    # --- logins and roles -------------------------------------------------------------------
    def _login(self, person: int, school: int | None, username: str = "") -> None:
        row = self.plan.persons[person]
        if row.username:
            return
        if not username:
            last = names.translit(row.last_name)
            initials = names.translit(row.first_name)[:1] + names.translit(row.patronymic)[:1]
            base = f"{last}.{initials}"
            username, n = base, 1
            while username in self.usernames:
                n += 1
                username = f"{base}{n}"
        self.usernames.add(username)
        row.username = username
        row.home_school = school

    def logins(self, featured_staff: list[_SchoolStaff], featured: dict[str, _Family]) -> None:
        plan = self.plan
        for school, picks in enumerate(featured_staff):
            for key, staff_index in picks.featured().items():
                person = plan.staff[staff_index].person
                username = featured_username(key, school)
                self._login(person, school, username)
                plan.featured.append(Featured(key, username, person, school))
            family = featured[featured_username("parent", school)]
            elder = plan.students[family.students[0]]
            school_class = plan.classes[elder.enrollments[-1].school_class]
            teacher = plan.staff[school_class.class_teacher].person
            mother = family.mother
            assert mother is not None
            for key, someone in (
                ("classteacher", teacher),
                ("student", elder.person),
                ("parent", mother),
            ):
                username = featured_username(key, school)
                self._login(someone, school, username)
                plan.featured.append(Featured(key, username, someone, school))
        if "parent2schools" in featured:
            mother = featured["parent2schools"].mother
            assert mother is not None
            self._login(mother, 0, "parent2schools")
            plan.featured.append(Featured("parent2schools", "parent2schools", mother, 0))
        specialist = self._adult(
            "f",
            datetime.date(self.y - 55, 1, 1),
            datetime.date(self.y - 30, 1, 1),
        )
        self._login(specialist, None, "municipal")
        plan.featured.append(Featured("municipal", "municipal", specialist, None))
        plan.featured.append(Featured("admin", plan.admin_username, None, None))
        plan.roles.append(RoleRow(specialist, Role.MUNICIPAL_SPECIALIST, None))

        for row in plan.staff:
            self._login(row.person, row.school)
            plan.roles.extend(RoleRow(row.person, role, row.school) for role in row.roles)
        for student in plan.students:
            if plan.classes[student.enrollments[-1].school_class].grade >= 5:
                self._login(student.person, student.school)
                plan.roles.append(RoleRow(student.person, Role.STUDENT, student.school))
        parent_schools: dict[int, list[int]] = {}
        for link in plan.guardianships:
            schools = parent_schools.setdefault(link.guardian, [])
            school = plan.students[link.student].school
            if school not in schools:
                schools.append(school)
        for guardian, schools in parent_schools.items():
            self._login(guardian, schools[0])
            plan.roles.extend(RoleRow(guardian, Role.PARENT, school) for school in schools)
        # Work e-mail for staff, a private one for some parents.
        for row in plan.staff:
            card = plan.persons[row.person]
            card.email = f"{card.username}@school{row.school + 1}.ensk-edu.example"
        for guardian in parent_schools:
            card = plan.persons[guardian]
            if self.rng.random() < 0.6:
                card.email = f"{card.username}@mail.example"

    # --- all --------------------------------------------------------------------------------
    def run(self) -> DemoPlan:
        self.schools()
        sizes = self.grade_sizes()
        featured_staff: list[_SchoolStaff] = []
        for school in range(self.n_schools):
            primary_classes, upper_classes = self.class_counts(sizes[school])
            primary_rooms, upper_rooms = self.rooms(school, primary_classes, upper_classes)
            picks = self.staff(school, primary_classes, upper_classes)
            featured_staff.append(picks)
            self.classes(
                school, sizes[school], picks.primary, picks.upper, primary_rooms, upper_rooms
            )
        featured = self.families(sizes)
        protected = {s for family in featured.values() for s in family.students}
        self.enroll(protected)
        self.file_numbers()
        self.groups()
        self.teaching()
        self.logins(featured_staff, featured)
        return self.plan


def make_plan(
    *,
    schools: int = DEFAULT_SCHOOLS,
    students_per_school: int = DEFAULT_STUDENTS_PER_SCHOOL,
    seed: int = DEFAULT_SEED,
    today: datetime.date,
) -> DemoPlan:
    """The whole demo deployment for `schools` schools of about `students_per_school` students
    each, the same for the same arguments."""
    if not 1 <= schools <= MAX_SCHOOLS:
        raise ValueError(f"schools must be between 1 and {MAX_SCHOOLS}")
    if not MIN_STUDENTS_PER_SCHOOL <= students_per_school <= MAX_STUDENTS_PER_SCHOOL:
        raise ValueError(
            f"students per school must be between {MIN_STUDENTS_PER_SCHOOL} "
            f"and {MAX_STUDENTS_PER_SCHOOL}"
        )
    return _Planner(
        schools=schools, students_per_school=students_per_school, seed=seed, today=today
    ).run()
