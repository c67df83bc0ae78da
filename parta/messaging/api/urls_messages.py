"""Endpoints of messages: /api/v1/messages/…"""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from parta.messaging.api import messages

router = SimpleRouter()
router.register("messages/threads", messages.ThreadViewSet, basename="message-thread")

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "messages/recipients/",
        messages.RecipientsView.as_view(),
        name="message-recipients",
    ),
    path(
        "messages/attachments/<int:pk>/download/",
        messages.MessageAttachmentDownloadView.as_view(),
        name="message-attachment-download",
    ),
    *router.urls,
]
