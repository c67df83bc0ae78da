from django.urls import path

from parta.curriculum.views import plans, subjects

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
    path(
        "s/<int:school_id>/curricula/",
        plans.CurriculumListView.as_view(),
        name="curriculum_list",
    ),
    path(
        "s/<int:school_id>/curricula/new/",
        plans.CurriculumFormView.as_view(),
        name="curriculum_create",
    ),
    path(
        "s/<int:school_id>/curricula/copy/",
        plans.CopyPlansView.as_view(),
        name="curriculum_copy",
    ),
    path(
        "s/<int:school_id>/curricula/<int:pk>/edit/",
        plans.CurriculumFormView.as_view(),
        name="curriculum_edit",
    ),
    path(
        "s/<int:school_id>/curricula/<int:pk>/delete/",
        plans.CurriculumDeleteView.as_view(),
        name="curriculum_delete",
    ),
    path(
        "s/<int:school_id>/curricula/<int:curriculum_pk>/lines/new/",
        plans.CurriculumItemFormView.as_view(),
        name="item_create",
    ),
    path(
        "s/<int:school_id>/curricula/<int:curriculum_pk>/lines/<int:pk>/edit/",
        plans.CurriculumItemFormView.as_view(),
        name="item_edit",
    ),
    path(
        "s/<int:school_id>/curricula/<int:curriculum_pk>/lines/<int:pk>/delete/",
        plans.CurriculumItemDeleteView.as_view(),
        name="item_delete",
    ),
    path(
        "s/<int:school_id>/teaching-load/",
        plans.TeachingAssignmentListView.as_view(),
        name="assignment_list",
    ),
    path(
        "s/<int:school_id>/teaching-load/new/",
        plans.TeachingAssignmentFormView.as_view(),
        name="assignment_create",
    ),
    path(
        "s/<int:school_id>/teaching-load/<int:pk>/edit/",
        plans.TeachingAssignmentFormView.as_view(),
        name="assignment_edit",
    ),
    path(
        "s/<int:school_id>/teaching-load/<int:pk>/delete/",
        plans.TeachingAssignmentDeleteView.as_view(),
        name="assignment_delete",
    ),
    path(
        "s/<int:school_id>/teaching-load/check/",
        plans.LoadCheckView.as_view(),
        name="load_check",
    ),
    path("s/<int:school_id>/teaching-load/mine/", plans.MyLoadView.as_view(), name="my_load"),
]
