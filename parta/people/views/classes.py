from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from parta.core.registry import Column, RegistryListView
from parta.people import selectors
from parta.people.models import SchoolClass


class ClassListView(RegistryListView):
    model = SchoolClass
    title = _("Classes")
    required_access = "read"
    columns = (
        Column(_("Class"), "name"),
        Column(_("Academic year"), "academic_year.name"),
        Column(_("Class teacher"), "class_teacher.person.full_name"),
        Column(_("Room"), "home_room.number"),
        Column(_("Number of students"), "student_count"),
    )
    search_fields = ("letter", "class_teacher__person__last_name")

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.class_list(self.school, selectors.current_year(self.school))
