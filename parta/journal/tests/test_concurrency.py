"""Two people saving the same cell: the second save is refused with the current value, and no
update is lost under concurrent saves.

On PostgreSQL the tests run real concurrent transactions in threads (each thread has its own
connection). On SQLite writes never interleave (every transaction begins IMMEDIATE, taking the
database's write lock), so there the same refusals are asserted one after another."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import pytest
import time_machine
from django.db import connection, transaction
from django.utils import translation

from parta.core.models import AuditEvent
from parta.journal.models import AttendanceMark, Mark
from parta.journal.services import StaleEdit, attendance_set, mark_set
from parta.journal.tests.test_services_rig import Rig

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def rig() -> Iterator[Rig]:
    rig = Rig()
    with time_machine.travel(rig.noon(rig.lesson.date), tick=True):
        yield rig


def in_thread(target: Callable[[], None]) -> threading.Thread:
    """Run `target` in a thread with its own database connection, closed at the end."""

    def run() -> None:
        try:
            with translation.override("en"):
                target()
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def save(rig: Rig, value: str, expected: int | None, **kwargs: Any) -> Mark:
    values: dict[str, Any] = {
        "actor": rig.teacher_actor,
        "assignment": rig.assignment,
        "student": rig.student,
        "value": value,
        "expected_version": expected,
    }
    values.update(kwargs)
    return mark_set(**values)


def race(first: Callable[[], Any], second: Callable[[], Any]) -> dict[str, Any]:
    """`first` saves and keeps its transaction open; `second` saves meanwhile and must wait
    for it; then `first` commits. Returns each side's result (a value or the StaleEdit)."""
    results: dict[str, Any] = {}
    first_saved, commit_first = threading.Event(), threading.Event()

    def one() -> None:
        with transaction.atomic():
            results["first"] = first()
            first_saved.set()
            commit_first.wait(10)

    def two() -> None:
        first_saved.wait(10)
        try:
            results["second"] = second()
        except StaleEdit as error:
            results["second"] = error

    threads = [in_thread(one), in_thread(two)]
    assert first_saved.wait(10)
    time.sleep(0.3)
    results["second_waited"] = "second" not in results and threads[1].is_alive()
    commit_first.set()
    for thread in threads:
        thread.join(20)
    return results


def test_a_concurrent_change_of_a_mark_is_refused_with_the_winners_value(rig: Rig) -> None:
    # given a mark «3» both editors saw at version 1
    save(rig, "3", None)
    if connection.vendor != "postgresql":
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        save(rig, "4", 1)
        with pytest.raises(StaleEdit) as error:
            save(rig, "2", 1, actor=rig.deputy_actor)
        assert (error.value.current.value, error.value.current.version) == ("4", 2)
        return
    # when the teacher saves «4» and, before it commits, the deputy director saves «2»
    results = race(lambda: save(rig, "4", 1), lambda: save(rig, "2", 1, actor=rig.deputy_actor))
    # then the deputy's save waited for the teacher's and was refused with «4»
    assert results["second_waited"]
    refusal = results["second"]
    assert isinstance(refusal, StaleEdit)
    assert (refusal.current.value, refusal.current.version) == ("4", 2)
    mark = Mark.objects.get()
    assert (mark.value, mark.version) == ("4", 2)
    assert AuditEvent.objects.filter(object_type="journal.mark").count() == 2


def test_two_first_marks_of_a_cell_at_once_keep_the_first(rig: Rig) -> None:
    if connection.vendor != "postgresql":
        save(rig, "5", None)
        with pytest.raises(StaleEdit) as error:
            save(rig, "2", None)
        assert error.value.current.value == "5"
        return
    results = race(lambda: save(rig, "5", None), lambda: save(rig, "2", None))
    assert results["second_waited"]
    assert isinstance(results["second"], StaleEdit)
    assert results["second"].current.value == "5"
    assert list(Mark.objects.values_list("value", "version")) == [("5", 1)]
    assert AuditEvent.objects.filter(object_type="journal.mark").count() == 1


def test_two_first_attendance_codes_at_once_keep_the_first(rig: Rig) -> None:
    def code(value: str) -> Callable[[], Any]:
        return lambda: attendance_set(
            actor=rig.teacher_actor,
            lesson=rig.lesson,
            student=rig.student,
            code=value,
            expected_version=None,
        )

    if connection.vendor != "postgresql":
        code("н")()
        with pytest.raises(StaleEdit) as error:
            code("б")()
        assert error.value.current.code == "н"
        return
    results = race(code("н"), code("б"))
    assert results["second_waited"]
    assert isinstance(results["second"], StaleEdit)
    assert results["second"].current.code == "н"
    assert list(AttendanceMark.objects.values_list("code", "version")) == [("н", 1)]


def test_no_update_is_lost_under_concurrent_saves(rig: Rig) -> None:
    # given a mark, and editors that each save five changes (each with its own comment, so no
    # save repeats the stored mark), retrying a refused save on the version they are shown
    save(rig, "3", None)
    editors, changes = (6, 5) if connection.vendor == "postgresql" else (1, 5)
    saved: list[int] = []
    refused: list[int] = []
    lock = threading.Lock()

    def editor(number: int) -> None:
        for change in range(changes):
            value = str(2 + (number + change) % 4)
            expected = Mark.objects.get().version
            while True:
                try:
                    save(rig, value, expected, comment=f"{number}.{change}")
                    break
                except StaleEdit as error:
                    with lock:
                        refused.append(number)
                    expected = error.current.version
            with lock:
                saved.append(number)

    if connection.vendor == "postgresql":
        threads = [in_thread(partial(editor, n)) for n in range(editors)]
        for thread in threads:
            thread.join(60)
    else:
        editor(0)
    # then every save that was not refused is one version and one audit event
    assert len(saved) == editors * changes
    mark = Mark.objects.get()
    assert mark.version == 1 + editors * changes
    updates = AuditEvent.objects.filter(object_type="journal.mark", action="update")
    assert updates.count() == editors * changes
    versions = sorted(event.after["version"] for event in updates if event.after)
    assert versions == list(range(2, 2 + editors * changes))
