"""Pages of messages: the list of the user's conversations (search, unread, archive), one
conversation with the reply form, the compose page with the address book, downloads. Only the
participants read a conversation (everyone else: 404); the pages parse input, call one
service or selector, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from parta.core.files import attachment_response
from parta.core.mixins import SchoolContextMixin
from parta.messaging import rules
from parta.messaging.forms_messages import ComposeForm, ReplyForm, ThreadSearchForm, id_list
from parta.messaging.selectors_messages import (
    THREADS_PER_PAGE,
    address_book,
    attachment_for,
    contacts_by_ids,
    display_name,
    thread_detail,
    thread_list,
    unread_threads_count,
)
from parta.messaging.services.messages import (
    MAX_FILES_PER_MESSAGE,
    message_reply,
    thread_archive,
    thread_mark_read,
    thread_start,
)


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal shown on the form: by field where the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class MessagesMixin(SchoolContextMixin):
    """The people of the school (any role there) and superusers; a municipal reader: 403."""

    required_access = "read"

    def has_school_access(self) -> bool:
        return rules.may_write_in(self.request.user, self.school)

    def list_url(self) -> str:
        return reverse("messaging:thread_list", args=[self.school.pk])

    def thread_url(self, thread_id: int) -> str:
        return reverse("messaging:thread_detail", args=[self.school.pk, thread_id])

    def render_page(self, template: str, status: int = 200, **extra: Any) -> HttpResponse:
        return render(
            self.request,
            template,
            self.get_context_data(**extra),
            status=status,
        )


class ThreadListView(MessagesMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ThreadSearchForm(request.GET)
        q, show = form.values()
        threads = thread_list(request.user, self.school, q=q, show=show)
        page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
        extra: dict[str, Any] = {
            "school": self.school,
            "form": form,
            "q": q,
            "show": show,
            "page_obj": page,
            "threads": list(page.object_list),
            "is_paginated": page.has_other_pages(),
            "querystring": urlencode({"q": q, "show": show}),
        }
        if getattr(request, "htmx", False):
            return render(request, "messaging/_message_threads.html", extra)
        return self.render_page(
            "messaging/thread_list.html",
            title=_("Messages"),
            unread_total=unread_threads_count(request.user, self.school),
            **extra,
        )


class ThreadDetailView(MessagesMixin, View):
    def load(self) -> Any:
        thread = thread_detail(self.request.user, self.school, self.kwargs["thread_id"])
        if thread is None:
            raise Http404(_("The conversation is not found."))
        return thread

    def show(self, thread: Any, form: ReplyForm, status: int = 200) -> HttpResponse:
        participants = list(thread.participants.all())
        others = [p for p in participants if p.user_id != self.request.user.pk]
        return self.render_page(
            "messaging/thread_detail.html",
            status=status,
            title=thread.subject,
            thread=thread,
            thread_messages=list(thread.messages.all()),
            participants=[display_name(p.user) for p in others],
            archived=any(p.is_archived for p in participants if p.user_id == self.request.user.pk),
            form=form,
            max_files=MAX_FILES_PER_MESSAGE,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        thread = self.load()
        if thread.unread_count:
            thread_mark_read(actor=self.actor, thread=thread)
        return self.show(thread, ReplyForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        thread = self.load()
        form = ReplyForm(request.POST)
        if form.is_valid():
            try:
                message = message_reply(
                    actor=self.actor,
                    thread=thread,
                    body=form.cleaned_data["body"],
                    files=request.FILES.getlist("files"),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The reply is sent."))
                return HttpResponseRedirect(f"{self.thread_url(thread.pk)}#m{message.pk}")
        return self.show(thread, form, status=400)


class ThreadArchiveView(MessagesMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        thread = thread_detail(request.user, self.school, kwargs["thread_id"])
        if thread is None:
            raise Http404(_("The conversation is not found."))
        archived = request.POST.get("archived") == "1"
        thread_archive(actor=self.actor, thread=thread, archived=archived)
        if archived:
            messages.success(request, _("The conversation is moved to the archive."))
            return HttpResponseRedirect(self.list_url())
        messages.success(request, _("The conversation is back in the inbox."))
        return HttpResponseRedirect(self.thread_url(thread.pk))


class ComposeMixin(MessagesMixin):
    def book_context(self, chosen_ids: list[int]) -> dict[str, Any]:
        request = self.request
        q = (request.GET.get("q") or request.POST.get("q") or "").strip()[:200]
        chosen = contacts_by_ids(request.user, self.school, chosen_ids)
        book = address_book(request.user, self.school, q=q, page=request.GET.get("page") or 1)
        chosen_set = {c.user_id for c in chosen}
        params = [("q", q), *(("to", str(pk)) for pk in sorted(chosen_set))]
        return {
            "chosen": chosen,
            "chosen_ids": chosen_set,
            "refused_count": len(set(chosen_ids) - chosen_set),
            "book": book,
            "book_q": q,
            "book_query": urlencode(params),
        }


class ThreadRecipientsView(ComposeMixin, View):
    """The address book (an htmx partial of the compose page): search and pages."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        context = self.book_context(id_list(request.GET.getlist("to")))
        context["school"] = self.school
        return render(request, "messaging/_message_address_book.html", context)


class ThreadNewView(ComposeMixin, View):
    def show(self, form: ComposeForm, chosen_ids: list[int], status: int = 200) -> HttpResponse:
        return self.render_page(
            "messaging/thread_new.html",
            status=status,
            title=_("New message"),
            form=form,
            max_files=MAX_FILES_PER_MESSAGE,
            **self.book_context(chosen_ids),
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        initial = {
            "subject": request.GET.get("subject", "")[:200],
            "body": request.GET.get("body", "")[:10_000],
        }
        return self.show(ComposeForm(initial=initial), id_list(request.GET.getlist("to")))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        chosen_ids = id_list(request.POST.getlist("to"))
        form = ComposeForm(request.POST)
        if form.is_valid():
            try:
                thread = thread_start(
                    actor=self.actor,
                    school=self.school,
                    recipients=chosen_ids,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    files=request.FILES.getlist("files"),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The message is sent."))
                return HttpResponseRedirect(self.thread_url(thread.pk))
        return self.show(form, chosen_ids, status=400)


class MessageAttachmentView(MessagesMixin, View):
    """A file of a message, for the participants of its conversation only (404 otherwise)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        row = attachment_for(request.user, self.school, kwargs["pk"])
        if row is None:
            raise Http404(_("The file is not found."))
        try:
            stream = row.file.open("rb")
        except FileNotFoundError as error:
            raise Http404(_("The file is not found.")) from error
        return attachment_response(stream, name=row.name, content_type=row.content_type)
