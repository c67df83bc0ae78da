"""Authentication: the token exchange, locked accounts, throttling, the password-change gate."""

from __future__ import annotations

import pytest
from django.test import override_settings
from rest_framework.authtoken.models import Token

from parta.api.tests.helpers import login, url
from parta.api.tests.test_privacy import ENDPOINTS
from parta.core.models import AuditEvent
from parta.core.testing.world import PASSWORD

TOKEN = url("auth/token")


def _exchange(api, username, password=PASSWORD, **extra):
    return api.post(TOKEN, {"username": username, "password": password}, format="json", **extra)


def test_token_exchange_and_use(api, world):
    # when a user exchanges the login and password
    response = _exchange(api, " a_director ")
    # then they get their token, and the token opens the data endpoints
    assert response.status_code == 200
    body = response.json()
    user = world.user("director")
    assert body == {
        "token": Token.objects.get(user=user).key,
        "user_id": user.pk,
        "must_change_password": False,
    }
    assert _exchange(api, "a_director").json()["token"] == body["token"]  # same token
    api.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    students = api.get(url("students"))
    assert students.status_code == 200
    assert students.json()["count"] == 2
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.LOGIN, object_id=str(user.pk)
    ).exists()


def test_token_revoke(api, world):
    key = _exchange(api, "a_director").json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.delete(TOKEN).status_code == 204
    assert not Token.objects.filter(key=key).exists()
    # the revoked token no longer authenticates
    response = api.get(url("students"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["extra"] == {"code": "authentication_failed"}


def test_token_revoke_with_the_session(api, world):
    user = world.user("teacher")
    Token.objects.create(user=user)
    login(api, user)
    assert api.delete(TOKEN).status_code == 204
    assert not Token.objects.filter(user=user).exists()


def test_revoke_needs_authentication(api, world):
    assert api.delete(TOKEN).status_code == 401


@pytest.mark.parametrize("password", [PASSWORD, "wrong-password"])
def test_locked_user_gets_no_token(api, world, password):
    user = world.user("director")
    user.is_locked = True
    user.save()
    response = _exchange(api, "a_director", password)
    assert not Token.objects.filter(user=user).exists()
    if password == PASSWORD:
        # the right password on a locked account: told it is locked
        assert response.status_code == 403
        assert response.json()["extra"] == {"code": "account_locked"}
    else:
        # a wrong one tells nothing about the account
        assert response.status_code == 400
        assert response.json()["extra"] == {"code": "invalid_login"}


def test_locked_user_token_and_session_stop_working(api, world):
    user = world.user("director")
    token = Token.objects.create(user=user)
    login(api, user)
    assert api.get(url("rooms")).status_code == 200
    user.is_locked = True
    user.save()
    # the session is dropped by the login backend
    assert api.get(url("rooms")).status_code == 401
    api.logout()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get(url("rooms"))
    assert response.status_code == 401
    assert response.json()["extra"] == {"code": "authentication_failed"}


def test_disabled_user_gets_no_token(api, world):
    user = world.user("director")
    user.is_active = False
    user.save()
    assert _exchange(api, "a_director").status_code == 403


def test_wrong_password_and_missing_fields(api, world):
    response = _exchange(api, "a_director", "nope")
    assert response.status_code == 400
    assert response.json()["extra"] == {"code": "invalid_login"}
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED).count() == 1
    response = api.post(TOKEN, {"username": "a_director"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["extra"]["fields"]) == {"password"}


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_failed_attempts_are_throttled(api, world):
    for _ in range(3):
        assert _exchange(api, "a_director", "nope").status_code == 400
    # even the right password is refused while the login is throttled
    response = _exchange(api, "a_director")
    assert response.status_code == 429
    assert response.json()["extra"] == {"code": "login_throttled"}
    assert not Token.objects.exists()
    # another login from another address is not affected
    assert _exchange(api, "a_teacher", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_success_resets_the_failure_count(api, world):
    with override_settings(LOGIN_FAILURE_LIMIT=3):
        for _ in range(2):
            _exchange(api, "a_director", "nope")
        assert _exchange(api, "a_director").status_code == 200
        for _ in range(2):
            _exchange(api, "a_director", "nope")
        assert _exchange(api, "a_director").status_code == 200


def test_anonymous_gets_401_everywhere(api, world):
    for endpoint in [*ENDPOINTS, "me"]:
        response = api.get(url(endpoint))
        assert response.status_code == 401, endpoint
        assert response.json()["extra"] == {"code": "not_authenticated"}


@pytest.mark.parametrize("auth", ["session", "token"])
def test_must_change_password_blocks_data_endpoints(api, world, auth):
    # given a user who must change the initial password
    user = world.user("director")
    user.must_change_password = True
    user.save()
    login(api, user, auth=auth)
    # then every data endpoint answers 403 with a clear message
    for endpoint in ENDPOINTS:
        response = api.get(url(endpoint))
        assert response.status_code == 403, endpoint
        body = response.json()
        assert body["extra"] == {"code": "password_change_required"}
        assert "password" in body["message"].lower() or "парол" in body["message"].lower()
        assert api.get(url(endpoint, 1)).status_code == 403
    # but /me/ tells who they are, and the token endpoints work
    me = api.get(url("me"))
    assert me.status_code == 200
    assert me.json()["user"]["must_change_password"] is True
    api.logout()
    api.credentials()
    exchange = _exchange(api, "a_director")
    assert exchange.status_code == 200
    assert exchange.json()["must_change_password"] is True
    api.credentials(HTTP_AUTHORIZATION=f"Token {exchange.json()['token']}")
    assert api.delete(TOKEN).status_code == 204


def test_session_write_needs_csrf(world):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.user("director"))
    Token.objects.create(user=world.user("director"))
    assert client.delete(TOKEN).status_code == 403
    assert Token.objects.exists()
