from django.urls import URLPattern, URLResolver, path

from parta.messaging.views import announcements, events

S = "s/<int:school_id>"

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        f"{S}/announcements/",
        announcements.AnnouncementListView.as_view(),
        name="announcement_list",
    ),
    path(
        f"{S}/announcements/new/",
        announcements.AnnouncementCreateView.as_view(),
        name="announcement_new",
    ),
    path(
        f"{S}/announcements/<int:pk>/edit/",
        announcements.AnnouncementEditView.as_view(),
        name="announcement_edit",
    ),
    path(
        f"{S}/announcements/<int:pk>/delete/",
        announcements.AnnouncementDeleteView.as_view(),
        name="announcement_delete",
    ),
    path(
        f"{S}/announcements/<int:pk>/files/<int:file_id>/",
        announcements.AnnouncementAttachmentView.as_view(),
        name="announcement_attachment",
    ),
    path(f"{S}/events/", events.EventListView.as_view(), name="event_list"),
    path(f"{S}/events/new/", events.EventCreateView.as_view(), name="event_new"),
    path(f"{S}/events/<int:pk>/", events.EventDetailView.as_view(), name="event_detail"),
    path(f"{S}/events/<int:pk>/edit/", events.EventEditView.as_view(), name="event_edit"),
    path(f"{S}/events/<int:pk>/delete/", events.EventDeleteView.as_view(), name="event_delete"),
]
