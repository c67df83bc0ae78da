"""Fixtures every journal test module shares: messages in English (tests assert the msgids),
and the service rig at noon of its lesson's day."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine
from django.utils import translation

from parta.journal.tests.test_services_rig import Rig


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def rig(db: None) -> Iterator[Rig]:
    """The service rig (a lesson, its teacher, students, the administration) at noon of the
    lesson's day. Modules testing the API or the pages bind their own `rig`."""
    rig = Rig()
    with time_machine.travel(rig.noon(rig.lesson.date), tick=False):
        yield rig
