"""Reading correction requests: the lists of the pages and the API (pending first, a constant
number of queries) and the state shown on a lesson's page to its keeper."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When

from parta.journal.choices import CorrectionStatus
from parta.journal.models import CorrectionRequest

LIST_RELATED = (
    "lesson__school_class",
    "lesson__study_group",
    "lesson__subject",
    "requested_by__person",
    "decided_by__person",
)


def correction_requests(
    *,
    user: Any,
    school: Any | None = None,
    status: str = "",
    lesson_id: int | None = None,
    mine: bool = False,
) -> QuerySet[CorrectionRequest]:
    """The requests the user sees (`CorrectionRequest.objects.visible_to`): of `school` when
    given, of one status, of one lesson, only their own (`mine`); the pending ones first, then
    the newest. One query per page of rows, whatever their number."""
    rows = CorrectionRequest.objects.visible_to(user)
    if school is not None:
        rows = rows.for_school(school)
    if status:
        rows = rows.filter(status=status)
    if lesson_id is not None:
        rows = rows.filter(lesson_id=lesson_id)
    if mine:
        rows = rows.filter(requested_by_id=getattr(user, "pk", None))
    return (
        rows.select_related(*LIST_RELATED)
        .annotate(
            waiting=Case(
                When(status=CorrectionStatus.PENDING, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("waiting", "-created_at", "-pk")
    )


@dataclass(frozen=True)
class LessonCorrection:
    """What a lesson's page shows its keeper who may no longer write it: their latest request
    of the lesson (if any) and whether they may ask (nothing awaits a decision)."""

    latest: CorrectionRequest | None

    @property
    def may_request(self) -> bool:
        return self.latest is None or self.latest.status != CorrectionStatus.PENDING


def lesson_correction(*, user: Any, lesson: Any, writable: bool) -> LessonCorrection | None:
    """None unless the user keeps the lesson and may not write it (`writable`, the write rule
    already evaluated); otherwise their latest request. At most two queries."""
    from parta.timetable.choices import LessonStatus
    from parta.timetable.rules import may_keep_journal

    if writable or lesson.status == LessonStatus.CANCELLED:
        return None
    if not getattr(user, "is_authenticated", False) or not may_keep_journal(user, lesson):
        return None
    latest = (
        CorrectionRequest.objects.filter(
            school_id=lesson.school_id, lesson_id=lesson.pk, requested_by_id=user.pk
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    return LessonCorrection(latest=latest)
