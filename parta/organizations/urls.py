from django.urls import path

from parta.organizations.views import rooms, settings

app_name = "organizations"

urlpatterns = [
    path("s/<int:school_id>/structure/", settings.SchoolSettingsView.as_view(), name="settings"),
    path("s/<int:school_id>/rooms/", rooms.RoomListView.as_view(), name="room_list"),
    path("s/<int:school_id>/rooms/new/", rooms.RoomFormView.as_view(), name="room_create"),
    path("s/<int:school_id>/rooms/<int:pk>/edit/", rooms.RoomFormView.as_view(), name="room_edit"),
]
