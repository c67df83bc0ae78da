"""Parents on the student card: link an existing person the school knows, or a new person;
remove a link."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from parta.people import selectors
from parta.people.forms import GuardianPickForm, GuardianRelationForm, PersonForm, PersonSearchForm
from parta.people.models import Guardianship
from parta.people.services.guardians import (
    guardian_register,
    guardianship_create,
    guardianship_delete,
)
from parta.people.views.base import add_errors
from parta.people.views.students import StudentObjectMixin


class GuardianAddView(StudentObjectMixin, TemplateView):
    """Two ways to add a parent: find a person the school already knows (by name or SNILS) and
    pick them, or enter a new person."""

    template_name = "people/guardian_add.html"
    required_access = "admin"

    def render(
        self,
        *,
        pick_form: GuardianPickForm | None = None,
        person_form: PersonForm | None = None,
        relation_form: GuardianRelationForm | None = None,
        query: str = "",
    ) -> HttpResponse:
        search = PersonSearchForm({"q": query})
        results = selectors.person_search(self.school, query) if query else []
        if pick_form is None:
            pick_form = GuardianPickForm(school=self.school)
        context = self.get_context_data(
            title=_("Add a parent for %(name)s") % {"name": self.get_student().person.full_name},
            search_form=search,
            query=query,
            results=results,
            pick_form=pick_form,
            person_form=person_form or PersonForm(),
            relation_form=relation_form or GuardianRelationForm(),
            cancel_url=self.card_url(),
        )
        templates = ["people/guardian_add.html"]
        if self.request.headers.get("HX-Target") == "person-results":
            templates = ["people/guardian_add.html#results"]
        return self.response_class(
            request=self.request, template=templates, context=context, using=self.template_engine
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.get_student()
        return self.render(query=request.GET.get("q", "").strip()[:100])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        student = self.get_student()
        if request.POST.get("mode") == "new":
            person_form = PersonForm(request.POST)
            relation_form = GuardianRelationForm(request.POST)
            if person_form.is_valid() and relation_form.is_valid():
                try:
                    link = guardian_register(
                        actor=self.actor,
                        student=student,
                        person_fields=person_form.cleaned_data,
                        relation=relation_form.cleaned_data["relation"],
                        is_legal_representative=relation_form.cleaned_data[
                            "is_legal_representative"
                        ],
                    )
                except ValidationError as exc:
                    add_errors(exc, person_form, relation_form)
                else:
                    return self.done(link)
            return self.render(person_form=person_form, relation_form=relation_form)
        pick_form = GuardianPickForm(request.POST, school=self.school)
        if pick_form.is_valid():
            try:
                link = guardianship_create(
                    actor=self.actor,
                    student=student,
                    guardian=pick_form.cleaned_data["guardian"],
                    relation=pick_form.cleaned_data["relation"],
                    is_legal_representative=pick_form.cleaned_data["is_legal_representative"],
                )
            except ValidationError as exc:
                add_errors(exc, pick_form)
            else:
                return self.done(link)
        return self.render(pick_form=pick_form, query=request.POST.get("q", "").strip()[:100])

    def done(self, link: Guardianship) -> HttpResponse:
        messages.success(
            self.request,
            _("%(parent)s is added as a parent of %(student)s.")
            % {"parent": link.guardian.full_name, "student": self.student.person.full_name},
        )
        return HttpResponseRedirect(self.card_url())


class GuardianRemoveView(StudentObjectMixin, TemplateView):
    """Confirm (GET) and remove (POST) a parent link; the parent role goes with the last link
    in the school."""

    template_name = "people/confirm.html"
    required_access = "admin"

    def get_link(self) -> Guardianship:
        found = (
            Guardianship.objects.filter(
                school=self.school, student=self.get_student(), pk=self.kwargs["link_pk"]
            )
            .select_related("guardian__user")
            .first()
        )
        if found is None:
            raise Http404(_("Record not found."))
        return found

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        link = self.get_link()
        context.update(
            title=_("Remove a parent"),
            text=_("Remove %(parent)s (%(relation)s) from the parents of %(student)s?")
            % {
                "parent": link.guardian.full_name,
                "relation": link.get_relation_display(),
                "student": self.student.person.full_name,
            },
            submit_label=_("Remove"),
            cancel_url=self.card_url(),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        link = self.get_link()
        name = link.guardian.full_name
        guardianship_delete(actor=self.actor, link=link)
        messages.success(request, _("%(parent)s is no longer linked.") % {"parent": name})
        return HttpResponseRedirect(self.card_url())
