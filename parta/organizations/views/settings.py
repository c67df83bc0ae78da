from django.views.generic import TemplateView

from parta.core.mixins import SchoolContextMixin


class SchoolSettingsView(SchoolContextMixin, TemplateView):
    """The index of the school's structure registries."""

    template_name = "organizations/settings.html"
    required_access = "whole_school"
