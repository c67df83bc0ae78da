"""The journal settings pages of a school's administration."""

from django.urls import path

from parta.journal import views_settings as views

app_name = "journal_settings"

urlpatterns = [
    path(
        "s/<int:school_id>/journal/settings/", views.JournalSettingsView.as_view(), name="settings"
    ),
    path(
        "s/<int:school_id>/journal/work-types/",
        views.WorkTypeListView.as_view(),
        name="work_type_list",
    ),
    path(
        "s/<int:school_id>/journal/work-types/new/",
        views.WorkTypeFormView.as_view(),
        name="work_type_create",
    ),
    path(
        "s/<int:school_id>/journal/work-types/<int:pk>/edit/",
        views.WorkTypeFormView.as_view(),
        name="work_type_edit",
    ),
    path(
        "s/<int:school_id>/journal/without-marks/",
        views.MarkFreeListView.as_view(),
        name="mark_free_list",
    ),
    path(
        "s/<int:school_id>/journal/without-marks/new/",
        views.MarkFreeFormView.as_view(),
        name="mark_free_create",
    ),
    path(
        "s/<int:school_id>/journal/without-marks/<int:pk>/edit/",
        views.MarkFreeFormView.as_view(),
        name="mark_free_edit",
    ),
    path(
        "s/<int:school_id>/journal/without-marks/<int:pk>/delete/",
        views.MarkFreeDeleteView.as_view(),
        name="mark_free_delete",
    ),
]
