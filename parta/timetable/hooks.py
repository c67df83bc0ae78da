"""What later apps do when dated lessons change.

Apps that hang data on the order of a class's lessons (the thematic plans bind their topics to
the lessons in date order) register a callback here, in their `AppConfig.ready`; the timetable's
services call every callback inside their transaction after adding, moving, cancelling,
restoring or (re)generating lessons. The timetable never imports those apps (ADR 0009)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from parta.core.context import Actor
from parta.timetable.models import Lesson


class LessonsChanged(Protocol):
    def __call__(self, *, actor: Actor, lessons: Iterable[Lesson]) -> object: ...


_CALLBACKS: list[LessonsChanged] = []


def register_lessons_changed(callback: LessonsChanged) -> None:
    if callback not in _CALLBACKS:
        _CALLBACKS.append(callback)


def lessons_changed(*, actor: Actor, lessons: Iterable[Lesson]) -> None:
    """Tell every registered app that `lessons` were added, moved, cancelled or removed (the
    instances of removed lessons still carry their class, group and subject)."""
    changed = list(lessons)
    if not changed:
        return
    for callback in _CALLBACKS:
        callback(actor=actor, lessons=changed)
