from django.utils.translation import gettext_lazy as _

from parta.core.registry import Column, RegistryListView
from parta.people.models import StaffMember, Student


class StudentListView(RegistryListView):
    model = Student
    title = _("Students")
    columns = (
        Column(_("Full name"), "person.full_name"),
        Column(_("Birth date"), "person.birth_date"),
        Column(_("Personal file number"), "personal_file_number"),
    )
    search_fields = ("person__last_name", "person__first_name", "personal_file_number")
    select_related = ("person",)


class StaffListView(RegistryListView):
    model = StaffMember
    title = _("Staff")
    required_access = "read"
    columns = (
        Column(_("Full name"), "person.full_name"),
        Column(_("Positions"), lambda m: ", ".join(p.name for p in m.positions.all())),
        Column(_("Hire date"), "hire_date"),
    )
    search_fields = ("person__last_name", "person__first_name")
    select_related = ("person",)
    prefetch_related = ("positions",)
