"""Home pages: one per role in the current school, and the municipality overview."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from parta.accounts.access import access_for
from parta.accounts.choices import SCHOOL_STAFF_ROLES, Role
from parta.accounts.models import User
from parta.core.mixins import SchoolContextMixin
from parta.organizations.models import Organization
from parta.people import selectors
from parta.people.models import SchoolClass, Student
from parta.people.services.guardians import parent_children


class SchoolHomeView(SchoolContextMixin, TemplateView):
    """What a person needs first, by role: administration sees the school at a glance, a
    teacher their class, a student their class, a parent each of their children."""

    template_name = "people/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        assert isinstance(user, User)
        roles = self.access.roles_in(self.school.pk)
        today = timezone.localdate()
        context["roles"] = [Role(role).label for role in sorted(roles)]
        context["is_tree_reader"] = self.access.is_tree_reader(self.school.pk)
        if self.access.reads_whole_school(self.school.pk):
            context["counts"] = selectors.school_counts([self.school.pk])[self.school.pk]
            context["year"] = selectors.current_year(self.school)
            context["show_admin"] = bool(roles & SCHOOL_STAFF_ROLES) or context["is_tree_reader"]
        if Role.TEACHER in roles:
            led = list(
                SchoolClass.objects.filter(school=self.school)
                .led_by(user)
                .filter(academic_year__start_date__lte=today, academic_year__end_date__gte=today)
                .select_related("home_room")
            )
            context["led_classes"] = [(c, selectors.class_roster(c, today)) for c in led]
        if Role.STUDENT in roles:
            me = Student.objects.filter(school=self.school, person__user=user).first()
            if me is not None:
                context["me_student"] = me
                context["me_class"] = selectors.current_classes([me], today).get(me.pk)
        if Role.PARENT in roles:
            children = parent_children(user)
            classes = selectors.current_classes(children, today)
            context["children"] = [(child, classes.get(child.pk)) for child in children]
        return context


class MunicipalityView(LoginRequiredMixin, TemplateView):
    """A municipal specialist's overview: every school below, with its size, read-only."""

    template_name = "people/municipality.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        access = access_for(self.request.user)
        org_id = int(self.kwargs["org_id"])
        if not (access.is_superuser or org_id in access.tree_org_ids):
            raise Http404(_("Organization not found."))
        org = Organization.objects.get(pk=org_id)
        schools = list(Organization.objects.schools().under({org_id}).order_by("short_name"))
        counts = selectors.school_counts([school.pk for school in schools])
        context.update(
            organization=org,
            title=org.short_name,
            schools=[(school, counts[school.pk]) for school in schools],
            totals={
                key: sum(counts[school.pk][key] for school in schools)
                for key in ("classes", "students", "staff")
            },
        )
        return context
