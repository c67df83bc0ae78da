"""The daily digest: one e-mail per user with everything waiting; a second run sends nothing;
a failed send is tried again next time."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from io import StringIO
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from parta.journal.models import Mark
from parta.journal.services import mark_set
from parta.journal.tests.test_services_rig import Rig
from parta.messaging.models import Notification, NotificationPreference, NotificationSettings
from parta.messaging.notify.digest import send_digests
from parta.messaging.tasks import send_digests as send_digests_task
from parta.messaging.tests.factories_notifications import Family, after_commit, make_family


@pytest.fixture
def rig(db: None) -> Iterator[Rig]:
    rig = Rig()
    with time_machine.travel(rig.noon(rig.lesson.date), tick=False):
        yield rig


@pytest.fixture
def family(rig: Rig) -> Family:
    """The mother wants marks by e-mail in a daily digest; the father at once."""
    family = make_family(rig)
    for user in (family.mother, family.father):
        NotificationPreference.objects.create(user=user, kind="mark", in_app=True, email=True)
    NotificationSettings.objects.create(user=family.mother, daily_digest=True)
    return family


def _two_marks(rig: Rig, capture: Any) -> None:
    with after_commit(capture):
        mark_set(
            actor=rig.teacher_actor,
            assignment=rig.assignment,
            student=rig.student,
            value="4",
            expected_version=None,
        )
    version = Mark.objects.get(student=rig.student).version
    with after_commit(capture):
        mark_set(
            actor=rig.teacher_actor,
            assignment=rig.assignment,
            student=rig.student,
            value="2",
            comment="Переписать",
            expected_version=version,
        )


def test_the_digest_sends_one_email_with_everything_and_a_second_run_nothing(
    rig: Rig, family: Family, django_capture_on_commit_callbacks: Any
) -> None:
    # given two marks: the father was e-mailed at once, twice; the mother waits for the digest
    _two_marks(rig, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["father@example.org"]] * 2
    mail.outbox.clear()
    # when the digest runs
    assert send_digests() == 1
    # then the mother gets one e-mail listing both notifications
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == ["mother@example.org"]
    assert digest.subject == "Parta: Daily digest"
    assert "2 new notifications in Parta:" in digest.body
    assert "Mark 4 in" in digest.body
    assert "Mark changed to 2 in" in digest.body
    assert "Переписать" in digest.body
    assert not Notification.objects.filter(user=family.mother, emailed_at__isnull=True).exists()
    assert NotificationSettings.objects.get(user=family.mother).last_digest_at is not None
    # when it runs again (the same day, or from the task and the command)
    assert send_digests() == 0
    send_digests_task.enqueue()
    call_command("send_digests", stdout=StringIO())
    # then nothing more is sent
    assert len(mail.outbox) == 1


def test_a_failed_digest_is_sent_by_the_next_run(
    rig: Rig, family: Family, django_capture_on_commit_callbacks: Any
) -> None:
    # given waiting notifications and a mail server that fails once
    _two_marks(rig, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with mock.patch("parta.messaging.notify.email.EmailMessage.send", side_effect=OSError("down")):
        assert send_digests() == 0
    # then the notifications wait again
    assert Notification.objects.filter(user=family.mother, emailed_at__isnull=True).count() == 2
    # and the next run sends them
    assert send_digests() == 1
    assert [m.to for m in mail.outbox] == [["mother@example.org"]]


def test_an_email_at_once_that_failed_is_not_lost(
    rig: Rig, family: Family, django_capture_on_commit_callbacks: Any
) -> None:
    # given the mail server fails while the father's e-mail goes out
    capture = partial(after_commit, django_capture_on_commit_callbacks)
    with (
        mock.patch("parta.messaging.notify.email.EmailMessage.send", side_effect=OSError("down")),
        capture(),
    ):
        mark_set(
            actor=rig.teacher_actor,
            assignment=rig.assignment,
            student=rig.student,
            value="5",
            expected_version=None,
        )
    # then the notification exists and its e-mail is still pending for a retried task
    row = Notification.objects.get(user=family.father)
    assert row.emailed_at is None
    assert mail.outbox == []
    from parta.messaging.notify.email import send_due_now

    assert send_due_now([row.source_key]) == 1
    assert send_due_now([row.source_key]) == 0
    assert [m.to for m in mail.outbox] == [["father@example.org"]]
