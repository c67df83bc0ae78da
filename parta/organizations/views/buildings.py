from typing import Any

from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from parta.core.registry import Column, RegistryFormView, RegistryListView
from parta.organizations.forms import BuildingForm
from parta.organizations.models import Building
from parta.organizations.views.base import RecordDeleteView


class BuildingListView(RegistryListView):
    model = Building
    title = _("Buildings")
    columns = (
        Column(_("Name"), "name"),
        Column(_("Address"), "address"),
        Column(_("Rooms"), "room_count"),
    )
    search_fields = ("name", "address")
    create_url_name = "organizations:building_create"
    edit_url_name = "organizations:building_edit"

    def base_queryset(self) -> models.QuerySet[Any]:
        return super().base_queryset().annotate(room_count=Count("rooms")).order_by("name", "pk")


class BuildingFormView(RegistryFormView):
    model = Building
    form_class = BuildingForm
    title_create = _("New building")
    title_edit = _("Building")
    list_url_name = "organizations:building_list"
    delete_url_name = "organizations:building_delete"


class BuildingDeleteView(RecordDeleteView):
    model = Building
    title = _("Delete the building")
    list_url_name = "organizations:building_list"
    edit_url_name = "organizations:building_edit"
