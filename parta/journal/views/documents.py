"""Absence documents of a class: the list with a form for a new one, editing, deleting. The
pages only parse the form and call the document services, which recode the absences."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from parta.core.mixins import SchoolContextMixin
from parta.curriculum.models import Subject
from parta.journal.classteacher import (
    class_documents,
    class_students_any,
    may_read_class_overview,
)
from parta.journal.models import AbsenceDocument
from parta.journal.rules import is_journal_admin
from parta.journal.services import (
    absence_document_create,
    absence_document_delete,
    absence_document_update,
)
from parta.journal.services.documents import may_write_document
from parta.people.models import SchoolClass

FIELDS = ("start_date", "end_date", "reason", "subject", "number", "note")


class DocumentForm(forms.ModelForm[AbsenceDocument]):
    class Meta:
        model = AbsenceDocument
        fields = ["student", *FIELDS]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, school_class: SchoolClass, editing: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = class_students_any(school_class)  # type: ignore[attr-defined]
        self.fields["subject"].queryset = Subject.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        ).order_by("name")
        self.fields["subject"].required = False
        if editing:
            del self.fields["student"]

    def _post_clean(self) -> None:
        """The service validates (and names the field); the model's own checks are skipped."""


class ClassDocumentsMixin(SchoolContextMixin):
    required_access = "read"
    school_class: SchoolClass

    def load_class(self) -> SchoolClass:
        school_class = get_object_or_404(
            SchoolClass.objects.for_school(self.school), pk=self.kwargs["class_id"]
        )
        if not may_read_class_overview(self.request.user, school_class):
            raise PermissionDenied(_("You do not have permission for this action."))
        self.school_class = school_class
        return school_class

    def can_write(self, student_id: int | None = None) -> bool:
        school_class = self.school_class
        year = school_class.academic_year
        if student_id is None:
            # the class teacher or the administration may enter documents for the class
            access = self.access
            if is_journal_admin(access, self.school.pk):
                return True
            teacher = school_class.class_teacher
            return teacher is not None and teacher.person.user_id == access.user_id
        return may_write_document(
            self.request.user, self.school.pk, student_id, year.start_date, year.end_date
        )

    def list_url(self) -> str:
        return reverse("journal:class_documents", args=[self.school.pk, self.school_class.pk])

    def base_context(self, **extra: Any) -> dict[str, Any]:
        context: dict[str, Any] = self.get_context_data(**extra)
        context["school_class"] = self.school_class
        return context


def _apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ClassDocumentsView(ClassDocumentsMixin, View):
    template_name = "journal/documents.html"

    def _render(self, form: DocumentForm) -> HttpResponse:
        can_write = self.can_write()
        return render(
            self.request,
            self.template_name,
            self.base_context(
                title=_("Absence documents: %(name)s") % {"name": self.school_class},
                documents=list(class_documents(self.school_class)),
                form=form,
                can_write=can_write,
            ),
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        school_class = self.load_class()
        return self._render(DocumentForm(school_class=school_class, editing=False))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        school_class = self.load_class()
        if not self.can_write():
            raise PermissionDenied(_("You do not have permission for this action."))
        form = DocumentForm(request.POST, school_class=school_class, editing=False)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in FIELDS}
            try:
                absence_document_create(
                    actor=self.actor,
                    school=self.school,
                    student=form.cleaned_data["student"],
                    **data,
                )
            except ValidationError as error:
                if getattr(error, "code", None) == "forbidden":
                    raise PermissionDenied(error.messages[0]) from error
                _apply_errors(form, error)
            else:
                messages.success(request, _("The document is saved; its absences are recoded."))
                return HttpResponseRedirect(self.list_url())
        return self._render(form)


class DocumentMixin(ClassDocumentsMixin):
    def load_document(self) -> AbsenceDocument:
        school_class = self.load_class()
        document = get_object_or_404(class_documents(school_class), pk=self.kwargs["pk"])
        if not may_write_document(
            self.request.user,
            self.school.pk,
            document.student_id,
            document.start_date,
            document.end_date,
        ):
            raise PermissionDenied(_("You do not have permission for this action."))
        return document


class DocumentEditView(DocumentMixin, View):
    template_name = "journal/documents_form.html"
    title = gettext_lazy("Absence document")

    def _render(self, form: DocumentForm, document: AbsenceDocument) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            self.base_context(title=f"{self.title}: {document}", form=form),
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        document = self.load_document()
        form = DocumentForm(instance=document, school_class=self.school_class, editing=True)
        return self._render(form, document)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        document = self.load_document()
        current = AbsenceDocument.objects.get(pk=document.pk)
        form = DocumentForm(
            request.POST, instance=document, school_class=self.school_class, editing=True
        )
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in FIELDS}
            try:
                absence_document_update(
                    actor=self.actor, school=self.school, document=current, **data
                )
            except ValidationError as error:
                if getattr(error, "code", None) == "forbidden":
                    raise PermissionDenied(error.messages[0]) from error
                _apply_errors(form, error)
            else:
                messages.success(request, _("The document is saved; its absences are recoded."))
                return HttpResponseRedirect(self.list_url())
        return self._render(form, current)


class DocumentDeleteView(DocumentMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        document = self.load_document()
        try:
            absence_document_delete(actor=self.actor, school=self.school, document=document)
        except ValidationError as error:
            raise PermissionDenied(error.messages[0]) from error
        messages.success(request, _("The document is deleted; its absences are «н» again."))
        return HttpResponseRedirect(self.list_url())
