"""Login, logout, password change, the home redirect and the school switcher."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from parta.accounts import throttling
from parta.accounts.access import access_for
from parta.accounts.choices import Role
from parta.accounts.forms import LoginForm
from parta.accounts.services.users import password_changed
from parta.core.context import Actor, client_ip
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record
from parta.organizations.models import Organization


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        throttling.reset(user.username, client_ip(self.request))
        audit_record(
            actor=Actor.from_request(self.request),
            action=AuditEvent.Action.LOGIN,
            instance=user,
            school_id=None,
        )
        return response

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        username = (form.data.get("username") or "").strip()[:150]
        if username:
            audit_record(
                actor=Actor(user=None, ip_address=client_ip(self.request)),
                action=AuditEvent.Action.LOGIN_FAILED,
                object_type="accounts.user",
                object_repr=username,
            )
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            audit_record(
                actor=Actor.from_request(request),
                action=AuditEvent.Action.LOGOUT,
                instance=request.user,
            )
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"

    def get_success_url(self) -> str:
        return reverse("accounts:home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        password_changed(actor=Actor.from_request(self.request), user=form.user)
        messages.success(self.request, _("Password changed."))
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["forced"] = getattr(self.request.user, "must_change_password", False)
        return context


def reachable_schools(user: Any) -> list[Organization]:
    access = access_for(user)
    return list(
        Organization.objects.filter(pk__in=access.readable_school_ids)
        .select_related("parent")
        .order_by("parent__short_name", "short_name")
    )


class HomeRedirectView(LoginRequiredMixin, View):
    """`/`: the last school used, the only school, the municipality, or the switcher."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        access = access_for(request.user)
        last = getattr(request.user, "last_school_id", None)
        if last and access.can_read_school(last):
            return redirect("people:home", school_id=last)
        if access.tree_org_ids and not access.school_roles:
            return redirect("people:municipality", org_id=min(access.tree_org_ids))
        schools = sorted(access.readable_school_ids)
        if len(schools) == 1:
            return redirect("people:home", school_id=schools[0])
        return redirect("accounts:school_switch")


class SchoolSwitchView(LoginRequiredMixin, TemplateView):
    """The schools (and municipalities) the user can switch between."""

    template_name = "accounts/school_switch.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        access = access_for(self.request.user)
        schools = reachable_schools(self.request.user)
        context["entries"] = [
            (
                school,
                sorted(str(Role(role).label) for role in access.roles_in(school.pk)),
                access.is_tree_reader(school.pk),
            )
            for school in schools
        ]
        context["municipalities"] = Organization.objects.filter(pk__in=access.tree_org_ids)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            school_id = int(request.POST.get("school", ""))
        except ValueError as exc:
            raise Http404 from exc
        if not access_for(request.user).can_read_school(school_id):
            raise Http404(_("Organization not found."))
        return HttpResponseRedirect(reverse("people:home", kwargs={"school_id": school_id}))
