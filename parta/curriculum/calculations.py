"""Pure arithmetic of curricula and teaching load (no ORM, no I/O): annual hours, the federal
range check (ФГОС, СанПиН 1.2.3685-21) and the comparison of a curriculum with the load.

Coverage rule (documented in docs/curriculum.md): for every class and subject the curriculum
asks for H hours a week.

* load rows for the whole class add up;
* when the subject is taught in subgroups of the class, every subgroup must carry the hours
  itself, so the subgroups count as min(hours of each subgroup) for "covered" and
  max(hours of each subgroup) for "assigned";
* missing = H − covered (if positive), surplus = assigned − H (if positive); a subject with
  load and no curriculum line is all surplus.

Groups across several classes of a grade are not tied to one class and are left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext

ZERO = Decimal("0")

#: Annual hours allowed by the federal standards, per grade (a whole year).
FEDERAL_RANGES: dict[int, tuple[int, int]] = {
    1: (620, 653),
    2: (782, 884),
    3: (782, 884),
    4: (782, 884),
    5: (986, 1088),
    6: (1020, 1122),
    7: (1088, 1190),
    8: (1122, 1224),
    9: (1122, 1224),
    # grades 10–11: 2170–2516 hours over two years, checked per year
    10: (1085, 1258),
    11: (1085, 1258),
}


def study_weeks(grade: int) -> int:
    """Study weeks of a year: 33 in grade 1, 34 otherwise."""
    return 33 if grade == 1 else 34


def annual_hours(hours_per_week: Decimal, grade: int) -> Decimal:
    return Decimal(hours_per_week) * study_weeks(grade)


@dataclass(frozen=True)
class RangeWarning:
    grade: int
    annual: Decimal
    minimum: int
    maximum: int

    @property
    def too_few(self) -> bool:
        return self.annual < self.minimum

    @property
    def message(self) -> str:
        if self.too_few:
            text = gettext(
                "%(annual)s hours a year is fewer than the federal minimum of %(minimum)s "
                "hours for grade %(grade)s."
            )
        else:
            text = gettext(
                "%(annual)s hours a year is more than the federal maximum of %(maximum)s "
                "hours for grade %(grade)s."
            )
        return text % {
            "annual": _fmt(self.annual),
            "minimum": self.minimum,
            "maximum": self.maximum,
            "grade": self.grade,
        }

    def __str__(self) -> str:
        return self.message


def range_warning(grade: int | None, annual: Decimal) -> RangeWarning | None:
    """A warning when the annual total lies outside the federal range of the grade."""
    if grade not in FEDERAL_RANGES:
        return None
    assert grade is not None
    minimum, maximum = FEDERAL_RANGES[grade]
    if minimum <= annual <= maximum:
        return None
    return RangeWarning(grade=grade, annual=Decimal(annual), minimum=minimum, maximum=maximum)


def _fmt(value: Decimal) -> str:
    normalized = Decimal(value).quantize(Decimal("0.1"))
    return str(normalized).removesuffix(".0")


@dataclass(frozen=True)
class PlanLine:
    class_id: Hashable
    subject_id: Hashable
    hours: Decimal


@dataclass(frozen=True)
class LoadRow:
    """A load row; `group_id` is set for a subgroup of the class `class_id`."""

    class_id: Hashable
    subject_id: Hashable
    hours: Decimal
    group_id: Hashable | None = None


@dataclass(frozen=True)
class CoverageLine:
    class_id: Hashable
    subject_id: Hashable
    planned: Decimal
    covered: Decimal
    assigned: Decimal

    @property
    def missing(self) -> Decimal:
        return max(ZERO, self.planned - self.covered)

    @property
    def surplus(self) -> Decimal:
        return max(ZERO, self.assigned - self.planned)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.surplus


def coverage(
    plan: Iterable[PlanLine],
    load: Iterable[LoadRow],
    subgroups: Mapping[tuple[Hashable, Hashable], Iterable[Hashable]] | None = None,
) -> list[CoverageLine]:
    """Every (class, subject) of the plan or the load with its planned, covered and assigned
    hours (see the module docstring), in order of first appearance. `subgroups` names, per
    (class, subject), the subgroups the class is split into for the subject: a subgroup
    without load counts as 0 hours."""
    planned: dict[tuple[Hashable, Hashable], Decimal] = {}
    for line in plan:
        key = (line.class_id, line.subject_id)
        planned[key] = planned.get(key, ZERO) + Decimal(line.hours)
    whole: dict[tuple[Hashable, Hashable], Decimal] = defaultdict(lambda: ZERO)
    groups: dict[tuple[Hashable, Hashable], dict[Hashable, Decimal]] = defaultdict(dict)
    keys: list[tuple[Hashable, Hashable]] = list(planned)
    seen = set(keys)
    for key, group_ids in (subgroups or {}).items():
        for group_id in group_ids:
            groups[key].setdefault(group_id, ZERO)
    for row in load:
        key = (row.class_id, row.subject_id)
        if key not in seen:
            seen.add(key)
            keys.append(key)
        if row.group_id is None:
            whole[key] += Decimal(row.hours)
        else:
            per_group = groups[key]
            per_group[row.group_id] = per_group.get(row.group_id, ZERO) + Decimal(row.hours)
    result = []
    for key in keys:
        base = whole.get(key, ZERO)
        per_group = groups.get(key, {})
        covered = base + (min(per_group.values()) if per_group else ZERO)
        assigned = base + (max(per_group.values()) if per_group else ZERO)
        result.append(
            CoverageLine(
                class_id=key[0],
                subject_id=key[1],
                planned=planned.get(key, ZERO),
                covered=covered,
                assigned=assigned,
            )
        )
    return result
