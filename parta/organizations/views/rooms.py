from django.utils.translation import gettext_lazy as _

from parta.core.registry import Column, RegistryFormView, RegistryListView
from parta.organizations.forms import RoomFilterForm, RoomForm
from parta.organizations.models import Room


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


class RoomFormView(RegistryFormView):
    model = Room
    form_class = RoomForm
    title_create = _("New room")
    title_edit = _("Room")
    list_url_name = "organizations:room_list"
