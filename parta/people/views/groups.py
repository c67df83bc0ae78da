"""Study groups: the list of a year, create and edit, the group page with its members (add
several from the class or grade roster at once, end or delete a membership) and splitting a
class into two subgroups in one step."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from parta.core.mixins import SchoolContextMixin
from parta.core.registry import Column, RegistryFormView, RegistryListView
from parta.people import selectors
from parta.people.choices import StudyGroupKind
from parta.people.forms import (
    ClassSplitForm,
    GroupMemberEndForm,
    GroupMembersAddForm,
    StudyGroupFilterForm,
    StudyGroupForm,
)
from parta.people.models import StudyGroup, StudyGroupMembership
from parta.people.services.groups import (
    study_group_create,
    study_group_member_delete,
    study_group_member_end,
    study_group_members_add,
    study_group_split,
    study_group_update,
)
from parta.people.views.base import add_errors, link
from parta.people.views.classes import ClassObjectMixin


def _group_link(group: StudyGroup) -> Any:
    return link(reverse("people:group_detail", args=[group.school_id, group.pk]), group.name)


def _target(group: StudyGroup) -> str:
    if group.kind == StudyGroupKind.SUBGROUP and group.school_class is not None:
        return group.school_class.name
    return _("grade %(grade)s") % {"grade": group.grade}


class GroupListView(RegistryListView):
    model = StudyGroup
    title = gettext_lazy("Study groups")
    columns = (
        Column(gettext_lazy("Name"), _group_link),
        Column(gettext_lazy("Kind"), "get_kind_display"),
        Column(gettext_lazy("Class or grade"), _target),
        Column(gettext_lazy("Subject"), "subject.name"),
        Column(gettext_lazy("Academic year"), "academic_year.name"),
        Column(gettext_lazy("Members"), "member_count"),
    )
    search_fields = ("name", "subject__name")
    filter_form_class = StudyGroupFilterForm
    create_url_name = "people:group_create"
    edit_url_name = "people:group_edit"

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.study_group_list(self.school)

    def apply_filters(self, qs: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        if data.get("academic_year"):
            qs = qs.filter(academic_year=data["academic_year"])
        if data.get("grade"):
            qs = qs.filter(grade=data["grade"])
        if data.get("kind"):
            qs = qs.filter(kind=data["kind"])
        return qs


class GroupFormView(RegistryFormView):
    model = StudyGroup
    form_class = StudyGroupForm
    title_create = gettext_lazy("New study group")
    title_edit = gettext_lazy("Study group")
    list_url_name = "people:group_list"

    def save(self, form: Any) -> Model:
        if self.object is None:
            return study_group_create(actor=self.actor, group=form.instance)
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        return study_group_update(actor=self.actor, group=form.instance, data=data)

    def saved_url(self, saved: Model) -> str:
        return reverse("people:group_detail", args=[self.school.pk, saved.pk])


class GroupObjectMixin(SchoolContextMixin):
    required_access = "whole_school"
    group: StudyGroup

    def get_group(self) -> StudyGroup:
        if getattr(self, "group", None) is not None:
            return self.group
        found = (
            StudyGroup.objects.filter(school=self.school, pk=self.kwargs["pk"])
            .select_related("academic_year", "school_class", "subject")
            .first()
        )
        if found is None:
            raise Http404(_("Study group not found."))
        self.group = found
        return found

    def group_url(self) -> str:
        return reverse("people:group_detail", args=[self.school.pk, self.get_group().pk])


class GroupDetailView(GroupObjectMixin, TemplateView):
    """The group and its members; administrators add students (POST) from the roster of the
    class (or of the grade) with checkboxes."""

    template_name = "people/group_detail.html"

    def add_form(self, data: Any = None) -> GroupMembersAddForm:
        group = self.get_group()
        day = selectors.day_in_year(group.academic_year)
        return GroupMembersAddForm(data, candidates=selectors.group_candidates(group, day), day=day)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        group = self.get_group()
        context.update(
            title=group.name,
            group=group,
            target=_target(group),
            memberships=selectors.group_memberships(group),
            end_form=GroupMemberEndForm(),
        )
        if context["can_admin"] and "add_form" not in context:
            context["add_form"] = self.add_form()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.access.is_school_admin(self.school.pk):
            raise Http404(_("Study group not found."))
        group = self.get_group()
        form = self.add_form(request.POST)
        if form.is_valid():
            try:
                added = study_group_members_add(
                    actor=self.actor,
                    group=group,
                    students=form.cleaned_data["students"],
                    start_date=form.cleaned_data["start_date"],
                )
            except ValidationError as exc:
                add_errors(exc, form)
            else:
                messages.success(
                    request, _("Added to the group: %(count)s.") % {"count": len(added)}
                )
                return HttpResponseRedirect(self.group_url())
        return self.render_to_response(self.get_context_data(add_form=form))


class MembershipMixin(GroupObjectMixin):
    required_access = "admin"

    def get_membership(self) -> StudyGroupMembership:
        found = (
            StudyGroupMembership.objects.filter(
                school=self.school, group=self.get_group(), pk=self.kwargs["membership_pk"]
            )
            .select_related("student__person")
            .first()
        )
        if found is None:
            raise Http404(_("Record not found."))
        return found


class GroupMemberEndView(MembershipMixin, View):
    """The student leaves the group: the last day is given (POST)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        membership = self.get_membership()
        form = GroupMemberEndForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(
                    [str(error) for errors in form.errors.values() for error in errors]
                )
            study_group_member_end(
                actor=self.actor, membership=membership, end_date=form.cleaned_data["end_date"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("%(name)s leaves the group.") % {"name": membership.student.person.full_name},
            )
        return HttpResponseRedirect(self.group_url())


class GroupMemberDeleteView(MembershipMixin, View):
    """Delete a membership entered by mistake (POST)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        membership = self.get_membership()
        name = membership.student.person.full_name
        study_group_member_delete(actor=self.actor, membership=membership)
        messages.success(request, _("Deleted: %(obj)s.") % {"obj": name})
        return HttpResponseRedirect(self.group_url())


class ClassSplitView(ClassObjectMixin, TemplateView):
    """Two subgroups of a class in one step (languages, informatics): the names, the subject,
    the date, and for each student of the roster group 1, group 2 or neither."""

    template_name = "people/class_split.html"
    required_access = "admin"

    def make_form(self, data: Any = None) -> ClassSplitForm:
        school_class = self.get_class()
        day = selectors.day_in_year(school_class.academic_year)
        roster = [
            row.enrollment.student for row in selectors.class_roster_on(school_class, day).current
        ]
        return ClassSplitForm(
            data, school=self.school, school_class=school_class, roster=roster, day=day
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        school_class = self.get_class()
        context.update(
            title=_("Split class %(name)s into two subgroups") % {"name": school_class.name},
            school_class=school_class,
            form=kwargs.get("form") or self.make_form(),
            cancel_url=self.class_url(),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.make_form(request.POST)
        if form.is_valid():
            first, second = form.split()
            try:
                study_group_split(
                    actor=self.actor,
                    school_class=self.school_class,
                    names=(form.cleaned_data["name_1"], form.cleaned_data["name_2"]),
                    subject=form.cleaned_data["subject"],
                    start_date=form.cleaned_data["start_date"],
                    first=first,
                    second=second,
                )
            except ValidationError as exc:
                add_errors(exc, form)
            else:
                messages.success(request, _("The two subgroups are created."))
                return HttpResponseRedirect(self.class_url())
        return self.render_to_response(self.get_context_data(form=form))
