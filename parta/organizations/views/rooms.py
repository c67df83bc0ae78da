from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from parta.core.registry import Column, RegistryFormView, RegistryListView
from parta.organizations.forms import RoomFilterForm, RoomForm
from parta.organizations.models import Room
from parta.organizations.views.base import RecordDeleteView


class RoomListView(RegistryListView):
    model = Room
    title = _("Rooms")
    columns = (
        Column(_("Number"), "number"),
        Column(_("Name"), "name"),
        Column(_("Building"), "building.name"),
        Column(_("Capacity"), "capacity"),
    )
    search_fields = ("number", "name")
    filter_form_class = RoomFilterForm
    select_related = ("building",)
    create_url_name = "organizations:room_create"
    edit_url_name = "organizations:room_edit"

    def apply_filters(self, qs: models.QuerySet[Any], data: dict[str, Any]) -> models.QuerySet[Any]:
        if data.get("building"):
            qs = qs.filter(building=data["building"])
        if data.get("min_capacity") is not None:
            qs = qs.filter(capacity__gte=data["min_capacity"])
        return qs


class RoomFormView(RegistryFormView):
    model = Room
    form_class = RoomForm
    title_create = _("New room")
    title_edit = _("Room")
    list_url_name = "organizations:room_list"
    delete_url_name = "organizations:room_delete"


class RoomDeleteView(RecordDeleteView):
    model = Room
    title = _("Delete the room")
    list_url_name = "organizations:room_list"
    edit_url_name = "organizations:room_edit"
