from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from parta.messaging.api import notifications

router = SimpleRouter()
router.register("notifications", notifications.NotificationViewSet, basename="notification")

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "notifications/settings/",
        notifications.NotificationSettingsView.as_view(),
        name="notification-settings",
    ),
    *router.urls,
]
