from django.urls import path

from parta.thematic.views import files, plans, topics

app_name = "thematic"

S = "s/<int:school_id>/plans"
P = f"{S}/<int:pk>"
T = f"{P}/topics/<int:topic_pk>"

urlpatterns = [
    path(f"{S}/", plans.PlanListView.as_view(), name="plan_list"),
    path(f"{S}/new/", plans.PlanFormView.as_view(), name="plan_create"),
    path(f"{S}/new-template/", plans.PlanFormView.as_view(template=True), name="template_create"),
    path(f"{S}/template.xlsx", files.TemplateFileView.as_view(), name="template_file"),
    path(f"{P}/", plans.PlanDetailView.as_view(), name="plan_detail"),
    path(f"{P}/edit/", plans.PlanFormView.as_view(), name="plan_edit"),
    path(f"{P}/delete/", plans.PlanDeleteView.as_view(), name="plan_delete"),
    path(f"{P}/bind/", plans.PlanBindView.as_view(), name="plan_bind"),
    path(f"{P}/apply/", plans.ApplyTemplateView.as_view(), name="template_apply"),
    path(f"{P}/reapply/", plans.ReapplyTemplateView.as_view(), name="template_reapply"),
    path(f"{P}/import/", files.ImportView.as_view(), name="plan_import"),
    path(f"{P}/import/confirm/", files.ImportConfirmView.as_view(), name="plan_import_confirm"),
    path(f"{P}/export/", files.ExportView.as_view(), name="plan_export"),
    path(f"{P}/topics/add/", topics.TopicAddView.as_view(), name="topic_add"),
    path(f"{T}/", topics.TopicRowView.as_view(), name="topic_row"),
    path(f"{T}/edit/", topics.TopicEditView.as_view(), name="topic_edit"),
    path(f"{T}/delete/", topics.TopicDeleteView.as_view(), name="topic_delete"),
    path(f"{T}/move/", topics.TopicMoveView.as_view(), name="topic_move"),
]
