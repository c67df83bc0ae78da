"""Pieces shared by the structure pages: the delete confirmation."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from parta.core.mixins import SchoolContextMixin
from parta.organizations.services.deletion import blocking_references, delete_unused, describe


class RecordDeleteView(SchoolContextMixin, TemplateView):
    """Asks for confirmation (GET) and deletes (POST) one school-owned record through a
    service that refuses, with a message naming what uses it, when the record is in use."""

    template_name = "organizations/confirm_delete.html"
    required_access = "admin"
    model: ClassVar[type[models.Model]]
    list_url_name: ClassVar[str]
    edit_url_name: ClassVar[str]
    title: ClassVar[str | Promise] = ""
    object: Any

    def get_object(self) -> Any:
        found = self.model._default_manager.filter(pk=self.kwargs["pk"], school=self.school).first()
        if found is None:
            raise Http404(_("Record not found."))
        return found

    def delete(self, obj: Any) -> None:
        delete_unused(actor=self.actor, instance=obj)

    def note(self, obj: Any) -> str | None:
        """What goes with the record (shown before the user confirms)."""
        return None

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        users = [describe(user) for user in blocking_references(self.object)]
        return self.render_to_response(self.get_context_data(users=users))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        name = str(self.object)
        try:
            self.delete(self.object)
        except ValidationError as exc:
            return self.render_to_response(self.get_context_data(errors=exc.messages))
        messages.success(request, _("Deleted: %(obj)s.") % {"obj": name})
        return HttpResponseRedirect(reverse(self.list_url_name, args=[self.school.pk]))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title,
            object=self.object,
            note=self.note(self.object),
            edit_url=reverse(self.edit_url_name, args=[self.school.pk, self.object.pk]),
        )
        return context
