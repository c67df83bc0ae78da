"""Which lessons hold work that regenerating the timetable must not throw away.

A lesson is kept when a person has touched it: it has a topic, was moved or cancelled, has a
substitution, or any row of a model registered here points at it (the journal registers its
marks, attendance and assignments)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Q, QuerySet

if TYPE_CHECKING:
    from parta.timetable.models import Lesson

_REGISTERED: list[tuple[str, str]] = []

#: SQLite allows 999 parameters in one statement.
CHUNK = 500


def register_lesson_data(model_label: str, lesson_field: str = "lesson") -> None:
    """Rows of `model_label` whose `lesson_field` points at a lesson mark it as holding data."""
    if (model_label, lesson_field) not in _REGISTERED:
        _REGISTERED.append((model_label, lesson_field))


def chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[Sequence[int]]:
    for index in range(0, len(ids), size):
        yield ids[index : index + size]


def lessons_with_data(lessons: QuerySet[Lesson]) -> set[int]:
    """The ids of the lessons of `lessons` that hold data: one query for the lesson's own
    fields, one for substitutions and one per registered model, whatever the number of lessons
    (the queryset is used as a subquery)."""
    from parta.timetable.choices import LessonStatus
    from parta.timetable.models import Substitution

    found = set(
        lessons.filter(
            ~Q(topic="") | ~Q(note="") | Q(status=LessonStatus.CANCELLED) | Q(is_moved=True)
        )
        .values_list("pk", flat=True)
        .order_by()
    )
    ids = lessons.values("pk").order_by()
    found.update(Substitution.objects.filter(lesson__in=ids).values_list("lesson_id", flat=True))
    for label, field in _REGISTERED:
        model = apps.get_model(label)
        found.update(
            model._default_manager.filter(**{f"{field}__in": ids})
            .values_list(f"{field}_id", flat=True)
            .distinct()
            .order_by()
        )
    return found
