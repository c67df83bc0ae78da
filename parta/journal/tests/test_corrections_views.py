"""The correction pages: the request form of a lesson, the list with its decisions, the link on
the lesson's page; the role matrix over two schools, denied writes change nothing, the list's
cost does not grow with its rows."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ALL_WHO, check_matrix
from parta.journal.choices import CorrectionStatus
from parta.journal.models import CorrectionRequest
from parta.journal.services import correction_request_approve
from parta.journal.tests import test_corrections as c
from parta.journal.tests.test_corrections import REASON, CRig, ask

pytestmark = pytest.mark.django_db
crig = c.crig  # the shared fixtures

DECIDERS = frozenset({"director", "deputy_director", "superuser"})
LIST_USERS = DECIDERS | {"teacher", "teacher_no_class"}


@pytest.fixture
def client() -> Client:
    return Client(headers={"accept-language": "en"})


def _side(crig: CRig, sw: Any) -> c.CSide:
    return crig.a if sw is crig.world.a else crig.b


def request_url(crig: CRig, sw: Any) -> str:
    return reverse("journal:correction_request", args=[sw.school.pk, _side(crig, sw).lesson.pk])


def list_url(sw: Any) -> str:
    return reverse("journal:corrections", args=[sw.school.pk])


def lesson_before(crig: CRig, days: int) -> Any:
    """Another lesson of the teacher without a class, `days` before the rig's day."""
    return f.LessonFactory.create(
        school_class=crig.a.sw.school_class,
        subject=crig.a.lesson.subject,
        teacher=crig.a.lesson.teacher,
        date=crig.day - datetime.timedelta(days=days),
    )


def state() -> tuple[Any, ...]:
    return (
        AuditEvent.objects.count(),
        *CorrectionRequest.objects.order_by("pk").values_list("status", "open_until"),
    )


# --- the request form ------------------------------------------------------------------------
def test_request_form_matrix(client: Client, crig: CRig) -> None:
    # only the lesson's keeper; in school B nobody of school A keeps the lesson
    check_matrix(
        client,
        crig.world,
        lambda sw: request_url(crig, sw),
        allowed={"teacher_no_class"},
        other_school_allowed=(),
    )


def test_request_form_sends_the_request_and_denied_posts_change_nothing(
    client: Client, crig: CRig
) -> None:
    # given everybody but the keeper posting the form in both schools
    before = state()
    check_matrix(
        client,
        crig.world,
        lambda sw: request_url(crig, sw),
        allowed=(),
        who=[who for who in ALL_WHO if who != "teacher_no_class"],
        method="post",
        data={"reason": REASON},
        other_school_allowed=(),
    )
    # then nothing changed
    assert state() == before
    # when the keeper posts it
    client.force_login(crig.a.user("teacher_no_class"))
    response = client.post(request_url(crig, crig.world.a), {"reason": REASON})
    # then the request is stored and she is back on the lesson's page
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "journal:lesson", args=[crig.a.sw.school.pk, crig.a.lesson.pk]
    )
    correction = CorrectionRequest.objects.get()
    assert (correction.lesson, correction.status) == (crig.a.lesson, CorrectionStatus.PENDING)
    # and a second one shows the refusal on the form
    response = client.post(request_url(crig, crig.world.a), {"reason": REASON})
    assert response.status_code == 200
    assert "already awaiting a decision" in response.content.decode()
    assert CorrectionRequest.objects.count() == 1


def test_request_form_requires_a_reason(client: Client, crig: CRig) -> None:
    client.force_login(crig.a.user("teacher_no_class"))
    response = client.post(request_url(crig, crig.world.a), {"reason": ""})
    assert response.status_code == 200
    assert not CorrectionRequest.objects.exists()


# --- the lesson's page -----------------------------------------------------------------------
def lesson_page(client: Client, crig: CRig, who: str) -> str:
    client.force_login(crig.a.user(who))
    response = client.get(reverse("journal:lesson", args=[crig.a.sw.school.pk, crig.a.lesson.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_lesson_page_offers_a_correction_to_its_keeper_after_the_window(
    client: Client, crig: CRig
) -> None:
    link = request_url(crig, crig.world.a)
    # the keeper, after the window: the link
    assert link in lesson_page(client, crig, "teacher_no_class")
    # the class teacher reads the lesson but does not keep it; the deputy writes it anyway
    assert link not in lesson_page(client, crig, "teacher")
    assert link not in lesson_page(client, crig, "deputy_director")


def test_the_lesson_page_shows_the_requests_state(client: Client, crig: CRig) -> None:
    # given a pending request: its state, no second link
    correction = ask(crig.a)
    link = request_url(crig, crig.world.a)
    body = lesson_page(client, crig, "teacher_no_class")
    assert "awaiting a decision" in body
    assert link not in body
    # once approved: the lesson is writable (the form), no correction block
    correction_request_approve(actor=crig.a.actor("deputy_director"), correction=correction)
    body = lesson_page(client, crig, "teacher_no_class")
    assert 'name="topic"' in body
    assert link not in body


def test_no_link_within_the_window(client: Client, crig: CRig) -> None:
    import time_machine

    with time_machine.travel(c.noon(crig.day + datetime.timedelta(days=1)), tick=False):
        assert request_url(crig, crig.world.a) not in lesson_page(client, crig, "teacher_no_class")


# --- the list --------------------------------------------------------------------------------
def test_list_matrix(client: Client, crig: CRig) -> None:
    check_matrix(client, crig.world, list_url, allowed=LIST_USERS)


def test_the_list_shows_the_school_to_deciders_and_own_requests_to_a_teacher(
    client: Client, crig: CRig
) -> None:
    # given a request in each school
    mine, theirs = ask(crig.a), ask(crig.b)
    # the deputy director of A sees A's, with the forms
    client.force_login(crig.a.user("deputy_director"))
    body = client.get(list_url(crig.world.a)).content.decode()
    assert f"correction-{mine.pk}" in body
    assert f"correction-{theirs.pk}" not in body
    assert 'value="approve"' in body
    # the requester sees hers, with the withdraw button
    client.force_login(crig.a.user("teacher_no_class"))
    body = client.get(list_url(crig.world.a)).content.decode()
    assert "My correction requests" in body
    assert f"correction-{mine.pk}" in body
    assert 'value="withdraw"' in body
    assert 'value="approve"' not in body
    # the class teacher sees none
    client.force_login(crig.a.user("teacher"))
    assert f"correction-{mine.pk}" not in client.get(list_url(crig.world.a)).content.decode()


def test_the_list_filters_by_status_and_puts_pending_first(client: Client, crig: CRig) -> None:
    # given an older rejected request and a newer pending one... then reversed in time
    first = ask(crig.a, crig.a.other)
    first.status = CorrectionStatus.REJECTED
    first.decision_note = "Нет"
    first.save()
    pending = ask(crig.a)
    CorrectionRequest.objects.filter(pk=pending.pk).update(
        created_at=first.created_at - datetime.timedelta(hours=1)
    )
    client.force_login(crig.a.user("deputy_director"))
    body = client.get(list_url(crig.world.a)).content.decode()
    assert body.index(f"correction-{pending.pk}") < body.index(f"correction-{first.pk}")
    body = client.get(list_url(crig.world.a), {"status": "rejected"}).content.decode()
    assert f"correction-{first.pk}" in body
    assert f"correction-{pending.pk}" not in body


def test_approve_matrix_and_denied_decisions_change_nothing(client: Client, crig: CRig) -> None:
    # given a request in each school
    requests = {"a": ask(crig.a), "b": ask(crig.b)}
    before = state()

    def data_for(sw: Any) -> dict[str, Any]:
        return {"pk": requests["a" if sw is crig.world.a else "b"].pk, "action": "approve"}

    denied = [who for who in ALL_WHO if who not in DECIDERS]
    for who in denied:
        client.force_login(crig.world.user(who))
        for sw in (crig.world.a, crig.world.b):
            response = client.post(list_url(sw), data_for(sw))
            assert response.status_code in (403, 404), (who, response.status_code)
    assert state() == before
    # the deputy director approves in school A; school B's request is not hers (404)
    client.force_login(crig.a.user("deputy_director"))
    assert client.post(list_url(crig.world.a), data_for(crig.world.b)).status_code == 404
    response = client.post(list_url(crig.world.a), data_for(crig.world.a))
    assert response.status_code == 302
    requests["a"].refresh_from_db()
    assert requests["a"].status == CorrectionStatus.APPROVED
    assert requests["a"].open_until == crig.today + datetime.timedelta(days=2)


def test_reject_needs_a_note_and_withdraw_is_the_requesters(client: Client, crig: CRig) -> None:
    correction = ask(crig.a)
    client.force_login(crig.a.user("director"))
    url = list_url(crig.world.a)
    response = client.post(url, {"pk": correction.pk, "action": "reject", "note": ""}, follow=True)
    assert "Say why the request is rejected." in response.content.decode()
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.PENDING
    # the director may not withdraw the teacher's request
    assert client.post(url, {"pk": correction.pk, "action": "withdraw"}).status_code == 403
    client.force_login(crig.a.user("teacher_no_class"))
    assert client.post(url, {"pk": correction.pk, "action": "withdraw"}).status_code == 302
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.WITHDRAWN


def test_approve_with_a_chosen_day(client: Client, crig: CRig) -> None:
    correction = ask(crig.a)
    client.force_login(crig.a.user("director"))
    until = crig.today + datetime.timedelta(days=5)
    data = {"pk": correction.pk, "action": "approve", "open_until": until.isoformat()}
    assert client.post(list_url(crig.world.a), data).status_code == 302
    correction.refresh_from_db()
    assert correction.open_until == until
    assert correction.decided_by == crig.a.user("director")


def test_the_list_costs_the_same_for_2_and_12_requests(client: Client, crig: CRig) -> None:
    def cost() -> int:
        client.force_login(crig.a.user("deputy_director"))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(list_url(crig.world.a)).status_code == 200
        return len(captured)

    made = [0]

    def more(count: int) -> None:
        for _ in range(count):
            made[0] += 1
            ask(crig.a, lesson_before(crig, made[0]))

    more(2)
    cost()  # the first visit remembers the school on the user
    small = cost()
    more(10)
    assert cost() == small <= 8
