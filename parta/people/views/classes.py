from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from parta.core.registry import Column, RegistryListView
from parta.people import selectors
from parta.people.models import SchoolClass


class ClassListView(RegistryListView):
    model = SchoolClass
    title = _("Классы")
    required_access = "read"
    columns = (
        Column(_("Класс"), "name"),
        Column(_("Учебный год"), "academic_year.name"),
        Column(_("Классный руководитель"), "class_teacher.person.full_name"),
        Column(_("Кабинет"), "home_room.number"),
        Column(_("Обучающихся"), "student_count"),
    )
    search_fields = ("letter", "class_teacher__person__last_name")

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.class_list(self.school, selectors.current_year(self.school))
