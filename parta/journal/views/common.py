"""What the journal pages share: the class or group and subject named in the URL, the study
periods to choose from, and the journal page's header (settings, mark-free, the read rule)
read with the class."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Value
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from parta.curriculum.models import Subject
from parta.journal.models import JournalSettings
from parta.organizations.models import StudyPeriod
from parta.people.models import SchoolClass, StudyGroup

KINDS = ("class", "group")


@dataclass(frozen=True)
class Audience:
    """The journal's owner: a whole class or a study group, and the subject."""

    school_class: SchoolClass | None
    study_group: StudyGroup | None
    subject: Subject

    @property
    def school_class_id(self) -> int | None:
        return self.school_class.pk if self.school_class is not None else None

    @property
    def study_group_id(self) -> int | None:
        return self.study_group.pk if self.study_group is not None else None

    @property
    def subject_id(self) -> int:
        return int(self.subject.pk)

    @property
    def kind(self) -> str:
        return "group" if self.study_group is not None else "class"

    @property
    def owner(self) -> SchoolClass | StudyGroup:
        owner = self.study_group if self.study_group is not None else self.school_class
        assert owner is not None
        return owner

    @property
    def home_class(self) -> SchoolClass | None:
        if self.study_group is not None:
            return self.study_group.school_class
        return self.school_class

    def url(self, school_id: int) -> str:
        return reverse("journal:grid", args=[school_id, self.kind, self.owner.pk, self.subject.pk])


def audience_from_url(school: Any, kind: str, pk: int, subject_id: int) -> Audience:
    """The class or group and subject of the URL, all of `school` (404 otherwise)."""
    if kind not in KINDS:
        raise Http404
    subject = get_object_or_404(Subject.objects.for_school(school), pk=subject_id)
    if kind == "class":
        school_class = get_object_or_404(
            SchoolClass.objects.select_related("period_set"), pk=pk, school=school
        )
        return Audience(school_class=school_class, study_group=None, subject=subject)
    group = get_object_or_404(
        StudyGroup.objects.select_related("school_class__period_set"), pk=pk, school=school
    )
    return Audience(school_class=None, study_group=group, subject=subject)


@dataclass(frozen=True)
class JournalHeader:
    """What the journal page needs about its journal besides the grid, read with the class."""

    audience: Audience
    #: the school's journal settings with its scale (unsaved defaults when it has none)
    settings: JournalSettings
    mark_free: bool
    #: may the user read the whole journal (`journal.rules.may_read_journal`)
    readable: bool


def journal_header(school: Any, kind: str, pk: int, subject_id: int, user: Any) -> JournalHeader:
    """`audience_from_url` and, in the same query of the class or group, the school's journal
    settings with its scale, whether the subject is taught without marks in the class, and
    whether the user may read the journal (the rule `may_read_journal` by its queryset twin
    `journal_audience_q`). Two queries."""
    from parta.accounts.access import access_for
    from parta.journal.querysets import journal_audience_q
    from parta.journal.selectors import mark_free_exists
    from parta.timetable.models import Lesson

    if kind not in KINDS:
        raise Http404
    subject = get_object_or_404(Subject.objects.for_school(school), pk=subject_id)
    access = access_for(user)
    settings_path = "school__journal_settings__mark_scale"
    rows: Any
    if kind == "class":
        rows = SchoolClass.objects.select_related("period_set", settings_path)
        class_ref: Any = OuterRef("pk")
        lessons = Lesson.objects.filter(school_id=school.pk, school_class_id=pk)
    else:
        rows = StudyGroup.objects.select_related("school_class__period_set", settings_path)
        class_ref = OuterRef("school_class_id")
        lessons = Lesson.objects.filter(school_id=school.pk, study_group_id=pk)
    if access.reads_whole_school(school.pk):
        readable: Any = Value(True)
    elif access.user_id is None:
        readable = Value(False)
    else:
        readable = Exists(lessons.filter(journal_audience_q(user), subject_id=subject.pk))
    found = get_object_or_404(
        rows.annotate(
            journal_mark_free=mark_free_exists(school, class_ref, subject.pk),
            journal_readable=readable,
        ),
        pk=pk,
        school=school,
    )
    try:
        settings = found.school.journal_settings
    except JournalSettings.DoesNotExist:
        settings = JournalSettings(school=school)
    if kind == "class":
        audience = Audience(school_class=found, study_group=None, subject=subject)
    else:
        audience = Audience(school_class=None, study_group=found, subject=subject)
    return JournalHeader(
        audience=audience,
        settings=settings,
        mark_free=bool(found.journal_mark_free),
        readable=bool(found.journal_readable),
    )


def audience_of_lesson(lesson: Any) -> Audience:
    return Audience(
        school_class=lesson.school_class if lesson.study_group_id is None else None,
        study_group=lesson.study_group,
        subject=lesson.subject,
    )


def study_periods(school: Any, audience: Audience) -> list[StudyPeriod]:
    """The periods of the class's period set (a group across classes: its year's first set)."""
    home = audience.home_class
    periods = StudyPeriod.objects.filter(school=school).order_by("start_date")
    if home is not None:
        return list(periods.filter(period_set_id=home.period_set_id))
    group = audience.study_group
    assert group is not None
    first = (
        periods.filter(period_set__academic_year_id=group.academic_year_id)
        .order_by("period_set_id", "start_date")
        .values_list("period_set_id", flat=True)
        .first()
    )
    return [period for period in periods if period.period_set_id == first]


def chosen_period(
    periods: list[StudyPeriod], raw: str | None, today: datetime.date
) -> StudyPeriod | None:
    """The period named by `?period=`, else the one holding today, else the nearest before
    today, else the first."""
    if raw and raw.isdigit():
        for period in periods:
            if period.pk == int(raw):
                return period
    for period in periods:
        if period.start_date <= today <= period.end_date:
            return period
    before = [period for period in periods if period.end_date < today]
    if before:
        return before[-1]
    return periods[0] if periods else None
