"""Test material for notifications: logins for the people of the journal rig (a student, two
parents with e-mail addresses) and a way to run a service with its after-commit work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection

from parta.accounts.models import User
from parta.core import outbox
from parta.core.testing import factories as f
from parta.journal.tests.test_services_rig import Rig
from parta.people.models import Person


def login_for(person: Person, email: str = "") -> User:
    user = f.UserFactory.create(email=email)
    person.user = user
    person.save(update_fields=["user"])
    return user


@dataclass
class Family:
    """The rig's first student with a login, two parents with logins and e-mail addresses;
    the second student with a login and one parent without an e-mail address."""

    student: User
    mother: User
    father: User
    other_student: User
    other_parent: User

    @property
    def told_of_a_mark(self) -> set[int]:
        return {self.student.pk, self.mother.pk, self.father.pk}


def make_family(rig: Rig) -> Family:
    student = login_for(rig.student.person, "pupil@example.org")
    mother = f.PersonFactory.create(last_name="Мамина", first_name="Ольга")
    father = f.PersonFactory.create(last_name="Папин", first_name="Олег")
    f.GuardianshipFactory.create(student=rig.student, guardian=mother, relation="mother")
    f.GuardianshipFactory.create(student=rig.student, guardian=father, relation="father")
    other_parent = f.PersonFactory.create()
    f.GuardianshipFactory.create(student=rig.student2, guardian=other_parent)
    return Family(
        student=student,
        mother=login_for(mother, "mother@example.org"),
        father=login_for(father, "father@example.org"),
        other_student=login_for(rig.student2.person),
        other_parent=login_for(other_parent),
    )


@contextmanager
def after_commit(capture: Any, *, execute: bool = True) -> Iterator[list[Any]]:
    """`django_capture_on_commit_callbacks` that also forgets the outbox's batch on leaving:
    the capture runs the callbacks but leaves them registered on the test's connection, and
    the outbox would add the next write's events to the batch already flushed."""
    with capture(execute=execute) as callbacks:
        yield callbacks
    setattr(connection, outbox._BATCH_ATTR, None)
