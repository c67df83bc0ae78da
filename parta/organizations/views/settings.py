from typing import Any

from django.views.generic import TemplateView

from parta.core.mixins import SchoolContextMixin


class SchoolSettingsView(SchoolContextMixin, TemplateView):
    """The index of the school's structure registries."""

    template_name = "organizations/settings.html"
    required_access = "whole_school"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sees_tree"] = self.access.is_superuser or bool(self.access.tree_org_ids)
        return context
