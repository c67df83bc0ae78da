"""Routes of /api/v1/. Each app contributes its endpoints from `<app>/api/urls.py`."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
