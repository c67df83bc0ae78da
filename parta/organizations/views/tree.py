"""The organization tree (/orgs/): system administrators manage it, municipal specialists read
their part of it. These pages stand outside any one school, so they have their own access
mixin instead of `SchoolContextMixin`."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from django.views.generic.base import ContextMixin

from parta.accounts.access import UserAccess, access_for
from parta.core.context import Actor
from parta.core.registry import add_validation_errors
from parta.organizations.choices import OrganizationKind
from parta.organizations.forms import OrganizationForm
from parta.organizations.models import Organization
from parta.organizations.selectors import organization_tree, tree_organizations
from parta.organizations.services.organizations import (
    organization_create,
    organization_update,
)
from parta.organizations.views.card import card_rows


class TreeAccessMixin(LoginRequiredMixin, ContextMixin):
    """Who reaches the tree pages: the system administrator (reads and writes everything) and
    the municipal specialist (reads their municipality's subtree). Anyone else: 403. An
    organization outside the user's part of the tree: 404, so nothing leaks."""

    #: the page writes, so only the system administrator may use it
    writes: ClassVar[bool] = False
    request: HttpRequest
    kwargs: dict[str, Any]
    access: UserAccess

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.access = access_for(request.user)
        if not (self.access.is_superuser or self.access.tree_org_ids):
            raise PermissionDenied(_("You do not have permission for this action."))
        if self.writes and not self.access.is_superuser:
            raise PermissionDenied(_("Only a system administrator changes the organization tree."))
        return super().dispatch(request, *args, **kwargs)

    def visible_organizations(self) -> Any:
        return tree_organizations(self.access)

    def get_organization(self, pk: int) -> Organization:
        found = self.visible_organizations().filter(pk=pk).select_related("parent").first()
        if found is None:
            raise Http404(_("Organization not found."))
        return found

    @property
    def actor(self) -> Actor:
        return Actor.from_request(self.request)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_write"] = self.access.is_superuser
        return context


class OrganizationTreeView(TreeAccessMixin, TemplateView):
    """Region → municipalities → schools, with a live search."""

    template_name = "organizations/org_tree.html"

    def get_template_names(self) -> list[str]:
        if (
            getattr(self.request, "htmx", False)
            and self.request.headers.get("HX-Target") == "org-tree"
        ):
            return [f"{self.template_name}#tree"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        context.update(
            title=_("Organizations"),
            query=query,
            roots=organization_tree(self.visible_organizations(), query),
        )
        return context


class OrganizationDetailView(TreeAccessMixin, TemplateView):
    template_name = "organizations/org_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        org = self.get_organization(int(self.kwargs["pk"]))
        child_kinds: list[tuple[str, Any]] = []
        if org.kind == OrganizationKind.REGION:
            child_kinds = [
                (OrganizationKind.MUNICIPALITY, _("Add a municipality")),
                (OrganizationKind.SCHOOL, _("Add a school")),
            ]
        elif org.kind == OrganizationKind.MUNICIPALITY:
            child_kinds = [
                (OrganizationKind.SCHOOL, _("Add a school")),
                (OrganizationKind.COLLEGE, _("Add a college")),
            ]
        context.update(
            title=org.short_name,
            organization=org,
            rows=card_rows(org),
            children=list(org.children.order_by("short_name")),
            child_kinds=child_kinds if self.access.is_superuser else [],
            # the parent link only where the user may go
            parent=(
                org.parent
                if org.parent_id and self.visible_organizations().filter(pk=org.parent_id).exists()
                else None
            ),
        )
        return context


class OrganizationFormView(TreeAccessMixin, FormView[Any]):
    """Create (no `pk`; `?parent=` and `?kind=` preset the form) or edit an organization."""

    template_name = "core/registry_form.html"
    form_class = OrganizationForm
    writes = True
    object: Organization | None = None

    def get_form_kwargs(self) -> dict[str, Any]:
        pk = self.kwargs.get("pk")
        self.object = self.get_organization(int(pk)) if pk is not None else None
        kwargs = super().get_form_kwargs()
        if self.object is not None:
            kwargs["instance"] = self.object
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if self.kwargs.get("pk") is not None:
            return initial
        kind = self.request.GET.get("kind")
        if kind in OrganizationKind.values:
            initial["kind"] = kind
        parent_id = self.request.GET.get("parent", "")
        parent = (
            Organization.objects.filter(pk=int(parent_id)).first() if parent_id.isdigit() else None
        )
        if parent is not None:
            initial["parent"] = parent
            initial["timezone"] = parent.timezone
        return initial

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            if self.object is None:
                saved = organization_create(actor=self.actor, organization=form.instance)
            else:
                data = {name: form.cleaned_data[name] for name in form.changed_data}
                saved = organization_update(actor=self.actor, organization=form.instance, data=data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: %(obj)s.") % {"obj": saved})
        return HttpResponseRedirect(reverse("organizations:org_detail", args=[saved.pk]))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = (
            gettext_lazy("Organization") if self.object is not None else _("New organization")
        )
        context["list_url"] = (
            reverse("organizations:org_detail", args=[self.object.pk])
            if self.object is not None
            else reverse("organizations:org_tree")
        )
        return context
