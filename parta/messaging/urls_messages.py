"""Pages of messages: /s/<school_id>/messages/…"""

from django.urls import URLPattern, URLResolver, path

from parta.messaging.views import messages as views

S = "s/<int:school_id>/messages"

urlpatterns: list[URLPattern | URLResolver] = [
    path(f"{S}/", views.ThreadListView.as_view(), name="thread_list"),
    path(f"{S}/new/", views.ThreadNewView.as_view(), name="thread_new"),
    path(f"{S}/recipients/", views.ThreadRecipientsView.as_view(), name="thread_recipients"),
    path(f"{S}/<int:thread_id>/", views.ThreadDetailView.as_view(), name="thread_detail"),
    path(
        f"{S}/<int:thread_id>/archive/",
        views.ThreadArchiveView.as_view(),
        name="thread_archive",
    ),
    path(
        f"{S}/attachments/<int:pk>/",
        views.MessageAttachmentView.as_view(),
        name="attachment",
    ),
]
