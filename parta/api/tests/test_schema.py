"""The OpenAPI schema generates without warnings (drift in serializers, filters or views that
drf-spectacular cannot describe fails here), validates, and the docs page works offline."""

from __future__ import annotations

import re
from typing import Any

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from parta.api.tests.test_privacy import ENDPOINTS


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    GENERATOR_STATS.reset()
    generated = SchemaGenerator().get_schema(request=None, public=True)
    problems = dict(GENERATOR_STATS._warn_cache) | dict(GENERATOR_STATS._error_cache)
    GENERATOR_STATS.reset()
    assert not problems, "drf-spectacular warnings/errors:\n" + "\n".join(problems)
    return generated


def test_schema_is_valid_openapi(schema):
    validate_schema(schema)


def test_schema_lists_every_endpoint(schema):
    paths = set(schema["paths"])
    for endpoint in ENDPOINTS:
        assert f"/api/v1/{endpoint}/" in paths
        assert f"/api/v1/{endpoint}/{{id}}/" in paths
        operation = schema["paths"][f"/api/v1/{endpoint}/"]["get"]
        names = {p["name"] for p in operation["parameters"]}
        assert {"page", "page_size"} <= names, endpoint
        if endpoint != "organizations":
            assert "school" in names, endpoint
        assert set(schema["paths"][f"/api/v1/{endpoint}/"]) == {"get"}, "read-only for now"
    assert {"/api/v1/me/", "/api/v1/auth/token/"} <= paths


def test_personal_blocks_are_nullable(schema):
    components = schema["components"]["schemas"]
    assert components["Student"]["properties"]["personal"]["nullable"] is True
    assert components["StaffMember"]["properties"]["personal"]["nullable"] is True
    assert components["Guardianship"]["properties"]["contacts"]["nullable"] is True
    assert components["OrganizationKind"]["enum"] == ["region", "municipality", "school", "college"]


def test_schema_endpoint(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/students/" in response.json()["paths"]


def test_docs_page_uses_local_assets_only(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, html[:500]
    assert all(asset.startswith("/static/") for asset in assets), assets
    assert "cdn" not in html.lower()
    # and the assets are served by the application itself
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
