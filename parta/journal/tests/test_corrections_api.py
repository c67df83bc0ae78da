"""`journal/correction-requests`: list (scoped, filters), create, approve, reject, withdraw; the
role matrix over two schools, denied writes change nothing, the list's cost does not grow with
its rows."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from parta.core.models import AuditEvent
from parta.core.testing.matrix import ALL_WHO, check_matrix
from parta.journal.choices import CorrectionStatus
from parta.journal.models import CorrectionRequest
from parta.journal.tests import test_corrections as c
from parta.journal.tests.test_corrections import REASON, CRig, ask
from parta.journal.tests.test_corrections_views import lesson_before

pytestmark = pytest.mark.django_db
crig = c.crig  # the shared fixtures

URL = "/api/v1/journal/correction-requests/"
DECIDERS = frozenset({"director", "deputy_director", "superuser"})


@pytest.fixture
def api() -> APIClient:
    return APIClient(headers={"accept-language": "en"})


def state() -> tuple[Any, ...]:
    return (
        AuditEvent.objects.count(),
        *CorrectionRequest.objects.order_by("pk").values_list("status", "open_until"),
    )


def listed(api: APIClient, user: Any, **params: Any) -> set[int]:
    api.force_authenticate(user)
    response = api.get(URL, params)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_the_list_is_scoped_and_filtered(api: APIClient, crig: CRig) -> None:
    # given a request in each school and a rejected one in school A
    mine, theirs = ask(crig.a), ask(crig.b)
    other = ask(crig.a, crig.a.other)
    CorrectionRequest.objects.filter(pk=other.pk).update(status=CorrectionStatus.REJECTED)
    everything = {mine.pk, theirs.pk, other.pk}
    # then each sees what the pages show
    assert listed(api, crig.a.user("deputy_director")) == {mine.pk, other.pk}
    assert listed(api, crig.a.user("teacher_no_class")) == {mine.pk, other.pk}
    assert listed(api, crig.b.user("teacher_no_class")) == {theirs.pk}
    assert listed(api, crig.world.superuser) == everything
    for who in ("teacher", "secretary", "student", "parent", "municipal_specialist"):
        assert listed(api, crig.world.user(who)) == set(), who
    # and the filters narrow it
    director = crig.a.user("director")
    assert listed(api, director, status="pending") == {mine.pk}
    assert listed(api, director, lesson=crig.a.other.pk) == {other.pk}
    api.force_authenticate(director)
    assert api.get(URL, {"status": "maybe"}).status_code == 400


def test_detail_matrix(api: APIClient, crig: CRig) -> None:
    requests = {"a": ask(crig.a), "b": ask(crig.b)}
    check_matrix(
        api,
        crig.world,
        lambda sw: f"{URL}{requests['a' if sw is crig.world.a else 'b'].pk}/",
        allowed=DECIDERS | {"teacher_no_class"},
        other_school_allowed={"superuser"},
    )


def test_create_matrix_and_denied_creates_change_nothing(api: APIClient, crig: CRig) -> None:
    def data_for(sw: Any) -> dict[str, Any]:
        side = crig.a if sw is crig.world.a else crig.b
        return {"lesson": side.lesson.pk, "reason": REASON}

    before = state()
    for who in ALL_WHO:
        if who == "teacher_no_class":
            continue
        api.force_authenticate(crig.world.user(who))
        for sw in (crig.world.a, crig.world.b):
            response = api.post(URL, data_for(sw), format="json")
            assert response.status_code in (403, 404), (who, response.status_code)
    # school A's teacher does not reach school B's lesson
    api.force_authenticate(crig.a.user("teacher_no_class"))
    assert api.post(URL, data_for(crig.world.b), format="json").status_code == 404
    assert state() == before
    # the keeper creates
    response = api.post(URL, data_for(crig.world.a), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["lesson"], body["status"], body["reason"]) == (
        crig.a.lesson.pk,
        "pending",
        REASON,
    )
    # a second one is refused with the reason
    response = api.post(URL, data_for(crig.world.a), format="json")
    assert response.status_code == 400
    assert "already awaiting a decision" in str(response.json())


def test_create_within_the_window_is_refused(api: APIClient, crig: CRig) -> None:
    import time_machine

    api.force_authenticate(crig.a.user("teacher_no_class"))
    with time_machine.travel(c.noon(crig.day), tick=False):
        response = api.post(URL, {"lesson": crig.a.lesson.pk, "reason": REASON}, format="json")
    assert response.status_code == 400
    assert not CorrectionRequest.objects.exists()


@pytest.mark.parametrize("verb", ["approve", "reject"])
def test_decision_matrix_and_denied_decisions_change_nothing(
    api: APIClient, crig: CRig, verb: str
) -> None:
    requests = {"a": ask(crig.a), "b": ask(crig.b)}

    def url_for(sw: Any) -> str:
        return f"{URL}{requests['a' if sw is crig.world.a else 'b'].pk}/{verb}/"

    before = state()
    check_matrix(
        api,
        crig.world,
        url_for,
        allowed=(),
        who=[who for who in ALL_WHO if who not in DECIDERS],
        method="post",
        data={"note": "Решение"},
        format="json",
        other_school_allowed=(),
    )
    # the director of school A does not reach school B's request
    api.force_authenticate(crig.a.user("director"))
    assert api.post(url_for(crig.world.b), {"note": "Решение"}, format="json").status_code == 404
    assert state() == before
    for who in sorted(DECIDERS):
        CorrectionRequest.objects.filter(pk=requests["a"].pk).update(
            status=CorrectionStatus.PENDING, open_until=None
        )
        api.force_authenticate(crig.world.user(who))
        response = api.post(url_for(crig.world.a), {"note": "Решение"}, format="json")
        assert response.status_code == 200, (who, response.content)
        assert response.json()["status"] == ("approved" if verb == "approve" else "rejected")
        assert response.json()["decision_note"] == "Решение"


def test_approve_takes_a_day_and_checks_it(api: APIClient, crig: CRig) -> None:
    correction = ask(crig.a)
    api.force_authenticate(crig.a.user("deputy_director"))
    url = f"{URL}{correction.pk}/approve/"
    too_late = crig.today + datetime.timedelta(days=15)
    response = api.post(url, {"open_until": too_late.isoformat()}, format="json")
    assert response.status_code == 400
    until = crig.today + datetime.timedelta(days=14)
    response = api.post(url, {"open_until": until.isoformat()}, format="json")
    assert response.status_code == 200
    assert response.json()["open_until"] == until.isoformat()


def test_reject_needs_a_note(api: APIClient, crig: CRig) -> None:
    correction = ask(crig.a)
    api.force_authenticate(crig.a.user("deputy_director"))
    assert api.post(f"{URL}{correction.pk}/reject/", {}, format="json").status_code == 400
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.PENDING


def test_withdraw_is_the_requesters(api: APIClient, crig: CRig) -> None:
    correction = ask(crig.a)
    url = f"{URL}{correction.pk}/withdraw/"
    before = state()
    api.force_authenticate(crig.a.user("deputy_director"))
    assert api.post(url).status_code == 403
    api.force_authenticate(crig.a.user("teacher"))
    assert api.post(url).status_code == 404
    assert state() == before
    api.force_authenticate(crig.a.user("teacher_no_class"))
    response = api.post(url)
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"


def test_the_list_costs_the_same_for_2_and_12_requests(api: APIClient, crig: CRig) -> None:
    made = [0]

    def more(count: int) -> None:
        for _ in range(count):
            made[0] += 1
            ask(crig.a, lesson_before(crig, made[0]))

    def cost() -> int:
        api.force_authenticate(crig.a.user("deputy_director"))
        with CaptureQueriesContext(connection) as captured:
            assert api.get(URL).status_code == 200
        return len(captured)

    more(2)
    cost()  # the first request resolves the user's access
    small = cost()
    more(10)
    assert cost() == small <= 4
