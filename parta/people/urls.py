from django.urls import path

from parta.people.views import classes, home, registries

app_name = "people"

urlpatterns = [
    path("s/<int:school_id>/", home.SchoolHomeView.as_view(), name="home"),
    path("m/<int:org_id>/", home.MunicipalityView.as_view(), name="municipality"),
    path("s/<int:school_id>/classes/", classes.ClassListView.as_view(), name="class_list"),
    path("s/<int:school_id>/students/", registries.StudentListView.as_view(), name="student_list"),
    path("s/<int:school_id>/staff/", registries.StaffListView.as_view(), name="staff_list"),
]
