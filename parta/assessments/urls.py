from django.urls import URLPattern, URLResolver, path

from parta.assessments import views

app_name = "assessments"

S = "s/<int:school_id>/assessments"

urlpatterns: list[URLPattern | URLResolver] = [
    path(f"{S}/", views.ScheduleView.as_view(), name="schedule"),
    path(f"{S}/new/", views.ProcedureFormView.as_view(), name="create"),
    path(f"{S}/grade/", views.GradePlanView.as_view(), name="plan_grade"),
    path(f"{S}/<int:pk>/edit/", views.ProcedureFormView.as_view(), name="edit"),
    path(f"{S}/<int:pk>/delete/", views.ProcedureDeleteView.as_view(), name="delete"),
    path(f"{S}/violations/", views.ViolationsView.as_view(), name="violations"),
    path(f"{S}/export.xlsx", views.ExportView.as_view(), name="export"),
]
