"""A lesson's record from its journal column: the topic (prefilled from the КТП), the homework
(text and due date), the lesson's assignments (one journal column each) and their files."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from parta.core.files import megabytes
from parta.core.mixins import SchoolContextMixin
from parta.journal.corrections import lesson_correction
from parta.journal.forms import AssignmentAddForm, LessonRecordForm
from parta.journal.models import Assignment, AssignmentFile, WorkType
from parta.journal.rules import may_read_lesson_journal, may_write_journal, school_today
from parta.journal.services import (
    MAX_FILES_PER_ASSIGNMENT,
    assignment_create,
    assignment_delete,
    assignment_file_remove,
    assignment_files_attach,
    assignment_update,
    default_work_types,
    lesson_note_set,
    lesson_topic_set,
)
from parta.journal.views.common import audience_of_lesson
from parta.timetable.models import Lesson


def posted_id(request: HttpRequest, name: str) -> int:
    """An id sent in the form (0, found nowhere, when it is missing or not a number)."""
    raw = request.POST.get(name) or ""
    return int(raw) if raw.isdigit() else 0


class LessonRecordView(SchoolContextMixin, View):
    """GET: the lesson's record (a fragment for htmx); POST: save the topic and homework, add an
    assignment or delete one, then back to the journal."""

    required_access = "read"

    def setup_lesson(self) -> Lesson:
        lesson = get_object_or_404(
            Lesson.objects.for_school(self.school).select_related(
                "school_class", "study_group__school_class", "subject", "plan_topic"
            ),
            pk=self.kwargs["lesson_id"],
        )
        self.audience = audience_of_lesson(lesson)
        self.writable = may_write_journal(self.request.user, lesson, school_today(self.school))
        return lesson

    def assignments(self, lesson: Lesson) -> list[Assignment]:
        return list(
            Assignment.objects.filter(school=self.school, lesson=lesson)
            .select_related("work_type")
            .prefetch_related("files")
            .order_by("position", "pk")
        )

    def next_url(self) -> str:
        raw = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if raw and url_has_allowed_host_and_scheme(raw, allowed_hosts={self.request.get_host()}):
            return raw
        return self.audience.url(self.school.pk)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        lesson = self.setup_lesson()
        if not may_read_lesson_journal(request.user, lesson):
            raise PermissionDenied(_("You do not have permission for this action."))
        return self.show(lesson, LessonRecordForm(initial=self.initial(lesson)), None)

    def initial(self, lesson: Lesson) -> dict[str, Any]:
        homework = self.homework(self.assignments(lesson))
        topic = lesson.topic or (lesson.plan_topic.title if lesson.plan_topic else "")
        return {
            "topic": topic,
            "homework": homework.text if homework else "",
            "due_date": homework.due_date if homework else None,
            "note": lesson.note,
        }

    @staticmethod
    def homework(assignments: list[Assignment]) -> Assignment | None:
        return next((a for a in assignments if a.work_type.is_homework), None)

    def show(
        self,
        lesson: Lesson,
        form: LessonRecordForm,
        add_form: AssignmentAddForm | None,
        file_errors: tuple[int, list[str]] | None = None,
    ) -> HttpResponse:
        template = "journal/_lesson.html" if self.request.htmx else "journal/lesson.html"  # type: ignore[attr-defined]
        context = self.get_context_data(
            title=_("Lesson of %(date)s") % {"date": f"{lesson.date:%d.%m.%Y}"},
            lesson=lesson,
            form=form,
            add_form=add_form or AssignmentAddForm(school=self.school),
            assignments=self.assignments(lesson),
            writable=self.writable,
            next=self.next_url(),
            file_error_for=file_errors[0] if file_errors else None,
            file_errors=file_errors[1] if file_errors else [],
            upload_accept=",".join(settings.PARTA_UPLOAD_EXTENSIONS),
            upload_limit=megabytes(settings.PARTA_UPLOAD_MAX_BYTES),
            upload_max_files=MAX_FILES_PER_ASSIGNMENT,
        )
        if template == "journal/lesson.html":
            context["correction"] = lesson_correction(
                user=self.request.user, lesson=lesson, writable=self.writable
            )
        return render(self.request, template, context)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        lesson = self.setup_lesson()
        if not self.writable:
            raise PermissionDenied(_("You may not change this lesson's journal."))
        action = request.POST.get("action", "record")
        form = LessonRecordForm(request.POST if action == "record" else None)
        add_form = AssignmentAddForm(request.POST if action == "add" else None, school=self.school)
        try:
            if action == "record" and form.is_valid():
                self.save_record(lesson, form.cleaned_data)
                messages.success(request, _("The lesson's record was saved."))
                return HttpResponseRedirect(self.next_url())
            if action == "add" and add_form.is_valid():
                assignment_create(actor=self.actor, lesson=lesson, **add_form.cleaned_data)
                messages.success(request, _("The assignment was added."))
                return HttpResponseRedirect(self.next_url())
            if action == "delete":
                assignment = get_object_or_404(
                    Assignment, school=self.school, lesson=lesson, pk=request.POST.get("pk") or 0
                )
                assignment_delete(actor=self.actor, assignment=assignment)
                messages.success(request, _("The assignment was deleted."))
                return HttpResponseRedirect(self.next_url())
            if action in {"upload", "remove_file"}:
                return self.change_files(lesson, action)
        except ValidationError as error:
            if action in {"upload", "remove_file"}:
                target_pk = posted_id(request, "assignment")
                initial = LessonRecordForm(initial=self.initial(lesson))
                return self.show(lesson, initial, None, (target_pk, error.messages))
            target = add_form if action == "add" else form
            target.is_bound = True
            for text in error.messages:
                target.add_error(None, text)
        if not form.is_bound:
            form = LessonRecordForm(initial=self.initial(lesson))
        return self.show(lesson, form, add_form)

    def change_files(self, lesson: Lesson, action: str) -> HttpResponse:
        """Attach the chosen files to an assignment of the lesson, or remove one file."""
        request = self.request
        if action == "upload":
            assignment = get_object_or_404(
                Assignment,
                school=self.school,
                lesson=lesson,
                pk=posted_id(request, "assignment"),
            )
            rows = assignment_files_attach(
                actor=self.actor, assignment=assignment, files=request.FILES.getlist("file")
            )
            messages.success(
                request,
                ngettext(
                    "%(count)s file was attached.", "%(count)s files were attached.", len(rows)
                )
                % {"count": len(rows)},
            )
        else:
            row = get_object_or_404(
                AssignmentFile.objects.select_related("assignment__lesson"),
                school=self.school,
                assignment__lesson=lesson,
                pk=posted_id(request, "file"),
            )
            assignment_file_remove(actor=self.actor, file=row)
            messages.success(request, _("The file «%(name)s» was removed.") % {"name": row.name})
        return HttpResponseRedirect(self.next_url())

    def save_record(self, lesson: Lesson, data: dict[str, Any]) -> None:
        """The topic, the homework and the note in one transaction (all or nothing)."""
        with transaction.atomic():
            if data["topic"] != lesson.topic:
                lesson_topic_set(actor=self.actor, lesson=lesson, topic=data["topic"])
            if data["note"] != lesson.note:
                lesson_note_set(actor=self.actor, lesson=lesson, note=data["note"])
            homework = self.homework(self.assignments(lesson))
            text, due = data["homework"], data["due_date"]
            if homework is not None and (text or due):
                assignment_update(
                    actor=self.actor, assignment=homework, data={"text": text, "due_date": due}
                )
            elif homework is not None:
                assignment_delete(actor=self.actor, assignment=homework)
            elif text or due:
                assignment_create(
                    actor=self.actor,
                    lesson=lesson,
                    work_type=self.homework_type(),
                    text=text,
                    due_date=due,
                )

    def homework_type(self) -> WorkType:
        types = WorkType.objects.filter(school=self.school, is_active=True, is_homework=True)
        found = types.order_by("position", "name").first()
        if found is None:
            default_work_types(actor=self.actor, school=self.school)
            found = types.order_by("position", "name").first()
        if found is None:
            raise ValidationError(_("The school has no homework work type."))
        return found
