"""Staff: the list, registering a staff member (person, positions, hire date, login and roles),
the staff card (read access is logged) and editing (dates, positions, roles)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from parta.accounts.choices import Role
from parta.accounts.services.users import roles_grantable_by
from parta.core.mixins import SchoolContextMixin
from parta.core.registry import Column, RegistryListView
from parta.people import selectors
from parta.people.forms import (
    PersonForm,
    StaffCreateForm,
    StaffFilterForm,
    StaffForm,
    StaffRolesForm,
)
from parta.people.models import StaffMember
from parta.people.services.logins import IssuedLogin, may_manage_login
from parta.people.services.persons import (
    staff_card_view,
    staff_member_register,
    staff_member_update,
)
from parta.people.views.base import add_errors, date_text, link, table_rows
from parta.people.views.logins import render_credentials


class StaffListView(RegistryListView):
    """Everyone in the school reads the staff list (names and positions); the cards, with
    personal data, open for the whole school's readers and for each member's own card."""

    model = StaffMember
    title = gettext_lazy("Staff")
    required_access = "read"
    columns = (
        Column(gettext_lazy("Full name"), "person.full_name"),
        Column(gettext_lazy("Positions"), lambda m: ", ".join(p.name for p in m.positions.all())),
        Column(gettext_lazy("Hire date"), lambda m: date_text(m.hire_date)),
        Column(gettext_lazy("Dismissal date"), lambda m: date_text(m.dismissal_date)),
    )
    search_fields = ("person__last_name", "person__first_name", "person__patronymic")
    filter_form_class = StaffFilterForm
    select_related = ("person",)
    prefetch_related = ("positions",)

    def apply_filters(self, qs: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        if data.get("position"):
            qs = qs.filter(positions=data["position"])
        if data.get("status") == "active":
            qs = qs.filter(dismissal_date__isnull=True)
        elif data.get("status") == "dismissed":
            qs = qs.filter(dismissal_date__isnull=False)
        return qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        whole = self.access.reads_whole_school(self.school.pk)
        user_id = self.request.user.pk

        def name(member: StaffMember) -> Any:
            if whole or member.person.user_id == user_id:
                url = reverse("people:staff_detail", args=[self.school.pk, member.pk])
                return link(url, member.person.full_name)
            return member.person.full_name

        columns = (Column(gettext_lazy("Full name"), name), *self.columns[1:])
        context.update(
            columns=columns,
            rows=table_rows(columns, context["object_list"]),
            create_url=(
                reverse("people:staff_create", args=[self.school.pk])
                if context["can_manage_staff"]
                else None
            ),
            edit_url_name=None,
        )
        return context


class StaffCreateView(SchoolContextMixin, TemplateView):
    """A new staff member; with a login, the credentials sheet is shown right away (once)."""

    template_name = "people/form.html"
    required_access = "staff_admin"

    def grantable(self) -> frozenset[str]:
        return roles_grantable_by(self.access, self.school.pk)

    def render(self, person_form: PersonForm, staff_form: StaffCreateForm) -> HttpResponse:
        return self.render_to_response(
            self.get_context_data(
                title=_("New staff member"),
                sections=[(_("Person"), person_form), (_("Work"), staff_form)],
                cancel_url=reverse("people:staff_list", args=[self.school.pk]),
                form_id="staff-form",
            )
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render(
            PersonForm(), StaffCreateForm(school=self.school, grantable=self.grantable())
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        person_form = PersonForm(request.POST)
        staff_form = StaffCreateForm(request.POST, school=self.school, grantable=self.grantable())
        if person_form.is_valid() and staff_form.is_valid():
            data = staff_form.cleaned_data
            try:
                member, password = staff_member_register(
                    actor=self.actor,
                    school_id=self.school.pk,
                    person_fields=person_form.cleaned_data,
                    positions=data["positions"],
                    hire_date=data["hire_date"],
                    roles=data["roles"],
                    grantable=self.grantable(),
                    create_login=data["create_login"],
                    username=data["username"],
                )
            except ValidationError as exc:
                add_errors(exc, person_form, staff_form)
            else:
                card = reverse("people:staff_detail", args=[self.school.pk, member.pk])
                if password is not None:
                    user = member.person.user
                    assert user is not None
                    issued = IssuedLogin(
                        person=member.person,
                        username=user.username,
                        password=password,
                        kind="staff",
                    )
                    return render_credentials(self.request, self.school, [issued], card)
                messages.success(request, _("Saved: %(obj)s.") % {"obj": member})
                return HttpResponseRedirect(card)
        return self.render(person_form, staff_form)


class StaffObjectMixin(SchoolContextMixin):
    member: StaffMember

    def get_member(self) -> StaffMember:
        if getattr(self, "member", None) is not None:
            return self.member
        qs = (
            selectors.staff_cards_openable_by(self.request.user, self.school)
            if self.required_access == "read"
            else StaffMember.objects.filter(school=self.school)
        )
        found = qs.select_related("person__user").filter(pk=self.kwargs["pk"]).first()
        if found is None:
            raise Http404(_("Staff member not found."))
        self.member = found
        return found

    def card_url(self) -> str:
        return reverse("people:staff_detail", args=[self.school.pk, self.get_member().pk])


class StaffDetailView(StaffObjectMixin, TemplateView):
    template_name = "people/staff_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        staff_card_view(actor=self.actor, member=self.get_member())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        member = self.get_member()
        links = selectors.person_links(self.school, member.person_id)
        context.update(
            title=member.person.full_name,
            member=member,
            person=member.person,
            positions=list(member.positions.all()),
            roles=[Role(role).label for role in selectors.staff_roles(member)],
            classes=list(
                member.led_classes.select_related("academic_year").order_by(
                    "-academic_year__start_date", "grade", "letter"
                )
            ),
            manage_logins=links is not None
            and may_manage_login(self.access, self.school.pk, links),
        )
        return context


class StaffEditView(StaffObjectMixin, TemplateView):
    """Dates and positions; the person's data; the roles the current user may grant (when the
    person has a login)."""

    template_name = "people/form.html"
    required_access = "staff_admin"

    def grantable(self) -> frozenset[str]:
        return roles_grantable_by(self.access, self.school.pk)

    def render(
        self, person_form: PersonForm, staff_form: StaffForm, roles_form: StaffRolesForm | None
    ) -> HttpResponse:
        sections: list[tuple[Any, Any]] = [(_("Person"), person_form), (_("Work"), staff_form)]
        if roles_form is not None:
            sections.append((_("Roles"), roles_form))
        held = selectors.staff_roles(self.get_member())
        others = [Role(role).label for role in held if role not in self.grantable()]
        return self.render_to_response(
            self.get_context_data(
                title=_("Edit: %(name)s") % {"name": self.member.person.full_name},
                sections=sections,
                intro=(
                    _("Roles only the school administration can change: %(roles)s.")
                    % {"roles": ", ".join(str(label) for label in others)}
                    if others
                    else (
                        _("The person has no login: create one on the card to give roles.")
                        if roles_form is None
                        else ""
                    )
                ),
                cancel_url=self.card_url(),
                form_id="staff-form",
            )
        )

    def roles_form(self, data: Any = None) -> StaffRolesForm | None:
        member = self.get_member()
        if member.person.user_id is None:
            return None
        grantable = self.grantable()
        held = [role for role in selectors.staff_roles(member) if role in grantable]
        return StaffRolesForm(data, grantable=grantable, initial={"roles": held})

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        member = self.get_member()
        return self.render(
            PersonForm(instance=member.person),
            StaffForm(instance=member, school=self.school),
            self.roles_form(),
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        member = self.get_member()
        person_form = PersonForm(request.POST, instance=member.person)
        staff_form = StaffForm(request.POST, instance=member, school=self.school)
        roles_form = self.roles_form(request.POST)
        valid = [form.is_valid() for form in (person_form, staff_form, roles_form) if form]
        if all(valid):
            changed = staff_form.changed_data
            try:
                staff_member_update(
                    actor=self.actor,
                    member=member,
                    person_data={n: person_form.cleaned_data[n] for n in person_form.changed_data},
                    member_data={
                        n: staff_form.cleaned_data[n] for n in changed if n != "positions"
                    },
                    positions=(
                        staff_form.cleaned_data["positions"] if "positions" in changed else None
                    ),
                    roles=roles_form.cleaned_data["roles"] if roles_form is not None else None,
                    grantable=self.grantable(),
                )
            except ValidationError as exc:
                forms = [person_form, staff_form] + ([roles_form] if roles_form else [])
                add_errors(exc, *forms)
            else:
                messages.success(request, _("Saved: %(obj)s.") % {"obj": member})
                return HttpResponseRedirect(self.card_url())
        return self.render(person_form, staff_form, roles_form)
