"""Fixtures of the API tests: an API client and the two-school world with a few more rows
(a building, a study group, a school's own subject, staff positions) in each school."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from parta.api.tests.helpers import ApiWorld, extend_world
from parta.core.testing.world import World


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def api_world(world: World) -> ApiWorld:
    return extend_world(world)


@pytest.fixture(autouse=True)
def _clear_login_throttle() -> None:
    """Failed-login counters live in the cache, which outlives a test."""
    cache.clear()
