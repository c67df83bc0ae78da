"""View mixins: the current school comes from the URL and is checked against the user's roles.

Pages under `/s/<school_id>/…` resolve the school once per request, expose it to templates, and
refuse (404, so nothing leaks) a school the user does not reach.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseBase
from django.utils.translation import gettext as _
from django.views.generic.base import ContextMixin

from parta.accounts.access import UserAccess, access_for
from parta.accounts.models import User
from parta.core.context import Actor
from parta.organizations.models import Organization


class SchoolContextMixin(LoginRequiredMixin, ContextMixin):
    """Resolves `self.school` from the `school_id` URL argument. Subclasses narrow the check
    with `required_access`: "read" (anyone in the school), "whole_school" (staff and municipal
    readers), "admin" (school administration), "staff_admin" (administration and HR)."""

    required_access = "read"
    request: HttpRequest
    kwargs: dict[str, Any]
    school: Organization
    access: UserAccess

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.access = access_for(request.user)
        school_id = int(kwargs["school_id"])
        if not self.access.can_read_school(school_id):
            raise Http404(_("Organization not found."))
        self.school = Organization.objects.get(pk=school_id)
        if not self.has_school_access():
            raise PermissionDenied(_("You do not have permission for this action."))
        user = request.user
        if getattr(user, "last_school_id", None) != school_id:
            User.objects.filter(pk=user.pk).update(last_school_id=school_id)
        return super().dispatch(request, *args, **kwargs)

    def has_school_access(self) -> bool:
        school_id = self.school.pk
        if self.required_access == "read":
            return True
        if self.required_access == "whole_school":
            return self.access.reads_whole_school(school_id)
        if self.required_access == "admin":
            return self.access.is_school_admin(school_id)
        if self.required_access == "staff_admin":
            return self.access.can_manage_staff(school_id)
        raise ValueError(self.required_access)

    @property
    def actor(self) -> Actor:
        return Actor.from_request(self.request)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # `current_school` and `current_roles` drive the menu in base.html.
        context["school"] = context["current_school"] = self.school
        context["current_roles"] = self.access.roles_in(self.school.pk)
        context["can_admin"] = self.access.is_school_admin(self.school.pk)
        context["can_manage_staff"] = self.access.can_manage_staff(self.school.pk)
        context["reads_whole_school"] = self.access.reads_whole_school(self.school.pk)
        return context
