"""Importing a КТП spreadsheet into a plan: a dry run lists every error with its row and column
and writes nothing; the real run replaces (or appends to) the plan's topics in one transaction
and re-binds the lessons."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parta.core.context import Actor
from parta.curriculum.models import Subject
from parta.people.models import SchoolClass, StudyGroup
from parta.thematic.data import TopicData
from parta.thematic.models import PlanTopic, ThematicPlan
from parta.thematic.models.plans import MAX_TOPICS
from parta.thematic.parsing import ParsedFile, RowError, parse_xlsx
from parta.thematic.services._access import require_edit
from parta.thematic.services.binding import BindResult, bind_lessons
from parta.thematic.services.topics import (
    _audit_plan,
    _lock,
    validate_topics,
    write_topics,
)
from parta.thematic.xlsx_format import BY_KEY, normalize

REPLACE = "replace"
APPEND = "append"
MODES = (REPLACE, APPEND)


@dataclass
class ImportPreview:
    rows: list[TopicData] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    existing: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "existing_topics": self.existing,
            "rows": [row.as_json() for row in self.rows],
            "errors": [error.as_dict() for error in self.errors],
        }


def _names(value: str) -> set[str]:
    return {normalize(value), normalize(value).replace(" ", "")}


def _check_meta(plan: ThematicPlan, parsed: ParsedFile, errors: list[RowError]) -> None:
    """The subject and class the file names (when it names them) must exist in the school and
    be the plan's own."""
    if parsed.subject is not None:
        meta = parsed.subject
        known = {
            normalize(name): pk
            for pk, name in Subject.objects.for_school(plan.school_id).values_list("pk", "name")
        }
        found = known.get(normalize(meta.value))
        if found is None:
            errors.append(
                RowError(
                    _("unknown subject «%(name)s».") % {"name": meta.value},
                    row=meta.row,
                    column=meta.column,
                )
            )
        elif found != plan.subject_id:
            errors.append(
                RowError(
                    _("the file is for «%(name)s», the plan is for «%(plan)s».")
                    % {"name": meta.value, "plan": plan.subject.name},
                    row=meta.row,
                    column=meta.column,
                )
            )
    if parsed.school_class is not None:
        meta = parsed.school_class
        wanted = _names(meta.value)
        names = {
            pk: c.name
            for pk, c in (
                (c.pk, c)
                for c in SchoolClass.objects.filter(
                    school_id=plan.school_id, academic_year_id=plan.academic_year_id
                )
            )
        }
        groups = dict(
            StudyGroup.objects.filter(
                school_id=plan.school_id, academic_year_id=plan.academic_year_id
            ).values_list("pk", "name")
        )
        class_ids = {pk for pk, name in names.items() if _names(name) & wanted}
        group_ids = {pk for pk, name in groups.items() if _names(name) & wanted}
        if not class_ids and not group_ids:
            errors.append(
                RowError(
                    _("unknown class or group «%(name)s».") % {"name": meta.value},
                    row=meta.row,
                    column=meta.column,
                )
            )
        elif plan.is_template or not (
            plan.school_class_id in class_ids or plan.study_group_id in group_ids
        ):
            errors.append(
                RowError(
                    _("the file is for «%(name)s», the plan is for «%(plan)s».")
                    % {"name": meta.value, "plan": plan.audience_name or plan.grade},
                    row=meta.row,
                    column=meta.column,
                )
            )


def _check_rows(plan: ThematicPlan, parsed: ParsedFile, existing: int, mode: str) -> list[RowError]:
    errors: list[RowError] = []
    total = len(parsed.rows) + (existing if mode == APPEND else 0)
    if total > MAX_TOPICS and parsed.rows:
        errors.append(
            RowError(
                _("the plan would have %(count)s topics; it holds at most %(max)s.")
                % {"count": total, "max": MAX_TOPICS},
                row=parsed.rows[-1].row,
            )
        )
    year = plan.academic_year
    column = BY_KEY["date"]
    for row in parsed.rows:
        day = row.data.planned_date
        if day is not None and not (year.start_date <= day <= year.end_date):
            errors.append(
                RowError(
                    _("the date %(date)s lies outside the academic year %(year)s.")
                    % {"date": day.strftime("%d.%m.%Y"), "year": year.name},
                    row=row.row,
                    column=parsed.date_column,
                    header=column.header,
                )
            )
    return errors


def import_preview(*, plan: ThematicPlan, content: bytes, mode: str = REPLACE) -> ImportPreview:
    """Parse and check a file against the plan without writing anything."""
    if mode not in MODES:
        raise ValidationError(_("Choose whether to replace or to append the topics."))
    parsed = parse_xlsx(content)
    existing = PlanTopic.objects.filter(plan=plan).count()
    errors = list(parsed.errors)
    _check_meta(plan, parsed, errors)
    errors.extend(_check_rows(plan, parsed, existing, mode))
    errors.sort(key=lambda e: (e.row or 0, e.column or ""))
    return ImportPreview(rows=[r.data for r in parsed.rows], errors=errors, existing=existing)


@dataclass
class ImportResult:
    written: int
    binding: BindResult


@transaction.atomic
def plan_import_rows(
    *, actor: Actor, plan: ThematicPlan, rows: list[TopicData], mode: str = REPLACE
) -> ImportResult:
    """Write checked rows (the confirm step of the preview): replace or append, re-bind."""
    if mode not in MODES:
        raise ValidationError(_("Choose whether to replace or to append the topics."))
    require_edit(actor, plan)
    _lock(plan)
    if not rows:
        raise ValidationError(_("The file has no topics below the header."))
    existing = PlanTopic.objects.filter(plan=plan).count()
    total = len(rows) + (existing if mode == APPEND else 0)
    if total > MAX_TOPICS:
        raise ValidationError(
            _("the plan would have %(count)s topics; it holds at most %(max)s.")
            % {"count": total, "max": MAX_TOPICS}
        )
    validate_topics(plan, rows, first=1 if mode == REPLACE else existing + 1)
    created = write_topics(plan, rows, replace=mode == REPLACE)
    _audit_plan(actor, plan, imported_topics=len(created), mode=mode)
    return ImportResult(written=len(created), binding=bind_lessons(plan))


def plan_import(
    *, actor: Actor, plan: ThematicPlan, content: bytes, mode: str = REPLACE
) -> ImportResult:
    """Check the file and write it in one go (the API without a dry run); any error refuses
    the whole file with every error message."""
    require_edit(actor, plan)
    preview = import_preview(plan=plan, content=content, mode=mode)
    if preview.errors:
        raise ValidationError([error.text for error in preview.errors])
    return plan_import_rows(actor=actor, plan=plan, rows=preview.rows, mode=mode)
