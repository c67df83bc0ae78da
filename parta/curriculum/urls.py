from django.urls import path

from parta.curriculum.views import subjects

app_name = "curriculum"

urlpatterns = [
    path("s/<int:school_id>/subjects/", subjects.SubjectListView.as_view(), name="subject_list"),
    path(
        "s/<int:school_id>/subjects/new/",
        subjects.SubjectFormView.as_view(),
        name="subject_create",
    ),
    path(
        "s/<int:school_id>/subjects/<int:pk>/edit/",
        subjects.SubjectFormView.as_view(),
        name="subject_edit",
    ),
]
