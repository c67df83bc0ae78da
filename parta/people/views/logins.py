"""Logins of the school's people: create (the temporary password is printed once), reset the
password, lock and unlock; and the logins of a whole class on one printed sheet.

The password is never stored readable: it is shown only in the response to the request that
made it, which browsers and proxies are told not to keep.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from parta.accounts.services.users import roles_grantable_by, username_suggest
from parta.core.mixins import SchoolContextMixin
from parta.organizations.models import Organization
from parta.people import selectors
from parta.people.forms import ClassLoginsForm, LoginCreateForm
from parta.people.selectors import PersonLinks
from parta.people.services.logins import (
    IssuedLogin,
    class_logins_create,
    may_manage_login,
    person_login_create,
    person_login_reset,
    person_login_set_locked,
)
from parta.people.views.base import add_errors, safe_next
from parta.people.views.classes import ClassObjectMixin


def render_credentials(
    request: HttpRequest, school: Organization, issued: list[IssuedLogin], back_url: str
) -> HttpResponse:
    """The printable sheet: one card per login with the temporary password. Never cached."""
    response = TemplateResponse(
        request,
        "people/credentials.html",
        {
            "school": school,
            "cards": issued,
            "login_url": request.build_absolute_uri(reverse("accounts:login")),
            "back_url": back_url,
            "title": _("Logins and temporary passwords"),
        },
    )
    add_never_cache_headers(response)
    return response


class PersonLoginMixin(SchoolContextMixin):
    """The person named by `person_pk`, known to the school, whose login the user may manage
    (404 otherwise)."""

    required_access = "staff_admin"
    links: PersonLinks

    def get_links(self) -> PersonLinks:
        if getattr(self, "links", None) is not None:
            return self.links
        links = selectors.person_links(self.school, int(self.kwargs["person_pk"]))
        if links is None or not may_manage_login(self.access, self.school.pk, links):
            raise Http404(_("Person not found."))
        self.links = links
        return links

    def default_back(self) -> str:
        links = self.get_links()
        if links.student is not None:
            return reverse("people:student_detail", args=[self.school.pk, links.student.pk])
        if links.staff is not None:
            return reverse("people:staff_detail", args=[self.school.pk, links.staff.pk])
        if links.children:
            return reverse("people:student_detail", args=[self.school.pk, links.children[0].pk])
        return reverse("people:home", args=[self.school.pk])

    def back_url(self) -> str:
        return safe_next(self.request, self.default_back())


class LoginCreateView(PersonLoginMixin, TemplateView):
    """A login for a person who has none: a suggested login name (editable) and, for staff,
    the roles in the school."""

    template_name = "people/form.html"

    def grantable(self) -> frozenset[str] | None:
        if self.get_links().staff is None:
            return None
        return roles_grantable_by(self.access, self.school.pk)

    def render(self, form: LoginCreateForm) -> HttpResponse:
        person = self.get_links().person
        return self.render_to_response(
            self.get_context_data(
                title=_("Create a login for %(name)s") % {"name": person.full_name},
                intro=_(
                    "A temporary password is made and shown once, on a sheet to print. The person "
                    "changes it at the first login."
                ),
                sections=[(None, form)],
                submit_label=_("Create login"),
                cancel_url=self.back_url(),
                next_url=self.back_url(),
                form_id="login-form",
            )
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        person = self.get_links().person
        if person.user_id is not None:
            messages.error(request, _("%(name)s already has a login.") % {"name": person})
            return HttpResponseRedirect(self.back_url())
        suggestion = username_suggest(person.last_name, person.first_name, person.patronymic)
        return self.render(
            LoginCreateForm(initial={"username": suggestion}, grantable=self.grantable())
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        links = self.get_links()
        form = LoginCreateForm(request.POST, grantable=self.grantable())
        if form.is_valid():
            try:
                issued = person_login_create(
                    actor=self.actor,
                    school_id=self.school.pk,
                    links=links,
                    username=form.cleaned_data["username"],
                    roles=form.cleaned_data.get("roles", ()),
                    grantable=self.grantable() or (),
                )
            except ValidationError as exc:
                add_errors(exc, form)
            else:
                return render_credentials(request, self.school, [issued], self.back_url())
        return self.render(form)


class LoginResetView(PersonLoginMixin, View):
    """A new temporary password (POST), printed like a new login's."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            issued = person_login_reset(
                actor=self.actor, school_id=self.school.pk, links=self.get_links()
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return HttpResponseRedirect(self.back_url())
        return render_credentials(request, self.school, [issued], self.back_url())


class LoginLockView(PersonLoginMixin, View):
    """Lock (`locked=1`) or unlock (`locked=0`) a login (POST)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        links = self.get_links()
        locked = request.POST.get("locked") == "1"
        try:
            person_login_set_locked(
                actor=self.actor, school_id=self.school.pk, links=links, locked=locked
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                (
                    _("The login of %(name)s is locked.")
                    if locked
                    else _("The login of %(name)s is unlocked.")
                )
                % {"name": links.person.full_name},
            )
        return HttpResponseRedirect(self.back_url())


class ClassLoginsView(ClassObjectMixin, TemplateView):
    """Logins for the students of a class and/or their parents who have none, on one sheet."""

    template_name = "people/class_logins.html"
    required_access = "admin"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        school_class = self.get_class()
        day = selectors.day_in_year(school_class.academic_year)
        context.update(
            title=_("Logins of class %(name)s") % {"name": school_class.name},
            school_class=school_class,
            missing=selectors.class_logins_missing(school_class, day),
            form=kwargs.get("form") or ClassLoginsForm(initial={"students": True, "parents": True}),
            cancel_url=self.class_url(),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        school_class = self.get_class()
        form = ClassLoginsForm(request.POST)
        if form.is_valid():
            try:
                issued = class_logins_create(
                    actor=self.actor,
                    school_class=school_class,
                    day=selectors.day_in_year(school_class.academic_year, timezone.localdate()),
                    students=form.cleaned_data["students"],
                    parents=form.cleaned_data["parents"],
                )
            except ValidationError as exc:
                add_errors(exc, form)
            else:
                if not issued:
                    messages.info(request, _("Everyone chosen already has a login."))
                    return HttpResponseRedirect(self.class_url())
                return render_credentials(request, self.school, issued, self.class_url())
        return self.render_to_response(self.get_context_data(form=form))
