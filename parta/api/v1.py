"""Routes of /api/v1/. Each app contributes its endpoints from `<app>/api/urls.py`."""

from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("parta.accounts.api.urls")),
    path("", include("parta.people.api.urls")),
    path("", include("parta.organizations.api.urls")),
    path("", include("parta.curriculum.api.urls")),
    path("", include("parta.timetable.api.urls")),
    path("", include("parta.thematic.api.urls")),
    path("", include("parta.assessments.api.urls")),
    path("", include("parta.journal.api.urls")),
    path("", include("parta.messaging.api.urls")),
    path("", include("parta.diary.api.urls")),
]
