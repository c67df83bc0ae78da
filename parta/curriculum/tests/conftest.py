"""Messages are asserted by their English msgids, so these tests run in English whatever
Russian catalogs exist: pages through the Accept-Language header, services through an
activated translation."""

from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    return Client(headers={"accept-language": "en"})
