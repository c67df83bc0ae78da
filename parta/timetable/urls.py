from django.urls import path

from parta.timetable.views import bells, grids

app_name = "timetable"

S = "s/<int:school_id>/timetable"

urlpatterns = [
    path(f"{S}/", grids.TimetableIndexView.as_view(), name="index"),
    path(f"{S}/copy/", grids.CopyView.as_view(), name="copy"),
    path(f"{S}/bells/", bells.BellScheduleListView.as_view(), name="bell_list"),
    path(f"{S}/bells/new/", bells.BellScheduleEditView.as_view(), name="bell_create"),
    path(f"{S}/bells/<int:pk>/edit/", bells.BellScheduleEditView.as_view(), name="bell_edit"),
    path(f"{S}/bells/classes/", bells.ClassSchedulesView.as_view(), name="class_schedules"),
    path(f"{S}/classes/<int:pk>/", grids.ClassGridView.as_view(), name="class_grid"),
    path(
        f"{S}/classes/<int:pk>/cell/<int:weekday>/<int:number>/",
        grids.CellView.as_view(),
        name="cell",
    ),
    path(f"{S}/teachers/<int:pk>/", grids.TeacherGridView.as_view(), name="teacher_grid"),
    path(f"{S}/rooms/<int:pk>/", grids.RoomGridView.as_view(), name="room_grid"),
]
