"""Logging in: the forced password change, throttling of failed attempts, locked accounts."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from parta.accounts.models import User
from parta.core.models import AuditEvent
from parta.core.testing.world import PASSWORD

NEW_PASSWORD = "Zx8-kettle-forest-91"


@pytest.fixture(autouse=True)
def _clear_throttle():
    cache.clear()
    yield
    cache.clear()


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_lands_on_the_home_page(client, world):
    response = _login(client, "a_parent", PASSWORD)
    assert response.status_code == 302
    home = client.get(response["Location"], follow=True)
    assert home.request["PATH_INFO"] == reverse("people:home", args=[world.a.school.pk])
    assert world.a.student.person.full_name in home.content.decode()
    assert AuditEvent.objects.filter(
        action="login", object_id=str(world.user("parent").pk)
    ).exists()


# --- the forced password change ---------------------------------------------------------------


@pytest.fixture
def must_change(world):
    user = world.user("parent")
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    return user


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(lambda w: reverse("accounts:home"), id="root"),
        pytest.param(lambda w: reverse("people:home", args=[w.a.school.pk]), id="school_home"),
        pytest.param(lambda w: reverse("people:class_list", args=[w.a.school.pk]), id="class_list"),
        pytest.param(
            lambda w: reverse("people:student_detail", args=[w.a.school.pk, w.a.student.pk]),
            id="child_card",
        ),
        pytest.param(lambda w: reverse("accounts:school_switch"), id="switcher"),
    ],
)
def test_user_who_must_change_the_password_is_sent_to_the_password_page(
    client, world, must_change, page
):
    assert _login(client, "a_parent", PASSWORD).status_code == 302
    response = client.get(page(world))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change")


def test_password_page_says_why_and_the_change_clears_the_flag(client, world, must_change):
    _login(client, "a_parent", PASSWORD)
    page = client.get(reverse("accounts:password_change"))
    assert page.status_code == 200
    assert page.context["forced"] is True
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    must_change.refresh_from_db()
    assert not must_change.must_change_password
    assert must_change.check_password(NEW_PASSWORD)
    home = client.get(reverse("people:home", args=[world.a.school.pk]))
    assert home.status_code == 200  # still logged in, and free to go
    assert AuditEvent.objects.filter(
        action="password_change", object_id=str(must_change.pk)
    ).exists()


def test_a_weak_new_password_keeps_the_flag(client, world, must_change):
    _login(client, "a_parent", PASSWORD)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"},
    )
    assert response.status_code == 200
    must_change.refresh_from_db()
    assert must_change.must_change_password
    assert client.get(reverse("people:home", args=[world.a.school.pk])).status_code == 302


def test_logout_stays_reachable(client, world, must_change):
    _login(client, "a_parent", PASSWORD)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")


# --- throttling ------------------------------------------------------------------------------------


@override_settings(LOGIN_FAILURE_LIMIT=5)
def test_after_five_failures_even_the_right_password_is_refused(client, world):
    for _n in range(5):
        response = _login(client, "a_teacher", "wrong-password")
        assert response.status_code == 200
    response = _login(client, "a_teacher", PASSWORD)
    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["form"].non_field_errors())
    assert "Too many failed login attempts" in errors or "Слишком много" in errors
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login_failed", object_repr="a_teacher").count() == 6


@override_settings(LOGIN_FAILURE_LIMIT=5)
def test_four_failures_do_not_block_and_success_resets_the_count(client, world):
    for _n in range(4):
        _login(client, "a_teacher", "wrong-password")
    assert _login(client, "a_teacher", PASSWORD).status_code == 302
    client.logout()
    for _n in range(4):
        _login(client, "a_teacher", "wrong-password")
    assert _login(client, "a_teacher", PASSWORD).status_code == 302


@override_settings(LOGIN_FAILURE_LIMIT=5)
def test_throttling_one_login_leaves_another_alone(client, world):
    for _n in range(5):
        _login(client, "a_teacher", "wrong-password")
    other = client.__class__()
    response = other.post(
        reverse("accounts:login"),
        {"username": "a_director", "password": PASSWORD},
        REMOTE_ADDR="10.9.9.9",
    )
    assert response.status_code == 302


# --- locked accounts ---------------------------------------------------------------------------------


def test_locked_user_cannot_log_in_and_is_told_so(client, world):
    user = world.user("teacher")
    user.is_locked = True
    user.save(update_fields=["is_locked"])
    response = _login(client, "a_teacher", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    errors = " ".join(str(e) for e in response.context["form"].non_field_errors())
    assert "locked" in errors or "заблокирован" in errors


def test_locked_user_with_a_wrong_password_gets_the_usual_message(client, world):
    user = world.user("teacher")
    user.is_locked = True
    user.save(update_fields=["is_locked"])
    response = _login(client, "a_teacher", "wrong-password")
    errors = " ".join(str(e) for e in response.context["form"].non_field_errors())
    assert "locked" not in errors
    assert "заблокирован" not in errors


def test_locking_ends_access_on_the_next_request(client, world):
    client.force_login(world.user("teacher"))
    assert client.get(reverse("people:home", args=[world.a.school.pk])).status_code == 200
    User.objects.filter(username="a_teacher").update(is_locked=True)
    response = client.get(reverse("people:home", args=[world.a.school.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
