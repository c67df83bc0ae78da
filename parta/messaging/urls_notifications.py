"""The user's own notifications (not under /s/<school>/: they come from every school)."""

from django.urls import URLPattern, URLResolver, path

from parta.messaging.views import notifications as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("notifications/", views.NotificationListView.as_view(), name="notification_list"),
    path(
        "notifications/<int:pk>/open/",
        views.NotificationOpenView.as_view(),
        name="notification_open",
    ),
    path(
        "notifications/read-all/",
        views.NotificationReadAllView.as_view(),
        name="notification_read_all",
    ),
    path(
        "notifications/settings/",
        views.NotificationSettingsView.as_view(),
        name="notification_settings",
    ),
]
