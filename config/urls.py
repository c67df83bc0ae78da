from django.contrib import admin
from django.urls import include, path

from parta.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/", include("parta.api.urls")),
    path("", include("parta.people.urls")),
    path("", include("parta.organizations.urls")),
    path("", include("parta.curriculum.urls")),
    path("", include("parta.timetable.urls")),
    path("", include("parta.thematic.urls")),
    path("", include("parta.assessments.urls")),
    path("", include("parta.journal.urls_settings")),
    path("", include("parta.journal.urls")),
    path("", include("parta.messaging.urls")),
    path("", include("parta.diary.urls")),
    path("", include("parta.accounts.urls")),
]
