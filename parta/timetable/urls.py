from django.urls import path

from parta.timetable.views import bells, changes, grids, lessons

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
    path(
        f"{S}/teachers/<int:pk>/cell/<int:weekday>/<int:number>/",
        grids.CellView.as_view(kind="teacher"),
        name="teacher_cell",
    ),
    path(f"{S}/rooms/<int:pk>/", grids.RoomGridView.as_view(), name="room_grid"),
    path(
        f"{S}/rooms/<int:pk>/cell/<int:weekday>/<int:number>/",
        grids.CellView.as_view(kind="room"),
        name="room_cell",
    ),
    path(f"{S}/lessons/", lessons.DayView.as_view(), name="lessons_day"),
    path(f"{S}/lessons/add/", lessons.LessonAddView.as_view(), name="lesson_add"),
    path(f"{S}/lessons/generate/", changes.GenerateView.as_view(), name="lessons_generate"),
    path(f"{S}/lessons/<int:pk>/", lessons.LessonView.as_view(), name="lesson"),
    path(f"{S}/lessons/classes/<int:pk>/", lessons.ClassWeekView.as_view(), name="class_week"),
    path(f"{S}/lessons/teachers/<int:pk>/", lessons.TeacherWeekView.as_view(), name="teacher_week"),
    path(f"{S}/lessons/changes/", changes.ChangesReportView.as_view(), name="changes_report"),
    path(f"{S}/lessons/changes.xlsx", changes.ChangesExportView.as_view(), name="changes_export"),
    path(f"{S}/bells/days/", changes.BellDaysView.as_view(), name="bell_days"),
    path(
        f"{S}/bells/days/<int:pk>/delete/",
        changes.BellDayDeleteView.as_view(),
        name="bell_day_delete",
    ),
]
