"""Topics on the plan page: the inline (htmx) edit of one row, add, delete and move."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from parta.core.registry import add_validation_errors
from parta.thematic.data import TopicData
from parta.thematic.forms import TopicForm
from parta.thematic.models import PlanTopic
from parta.thematic.services import topic_add, topic_delete, topic_move, topic_update
from parta.thematic.views.base import PlanMixin
from parta.thematic.views.plans import PlanDetailView
from parta.timetable.models import Lesson


class TopicMixin(PlanMixin):
    edit = True
    topic: PlanTopic

    def load_topic(self) -> PlanTopic:
        plan = self.load_plan()
        topic = PlanTopic.objects.filter(plan=plan, pk=self.kwargs["topic_pk"]).first()
        if topic is None:
            raise Http404(_("Record not found."))
        topic.plan = plan
        self.topic = topic
        return topic

    def plan_url(self) -> str:
        return reverse("thematic:plan_detail", args=[self.school.pk, self.plan.pk])

    def row(self, form: TopicForm | None = None) -> HttpResponse:
        """The topic's row: a form while editing, else the display."""
        lessons = list(
            Lesson.objects.filter(school=self.school, plan_topic=self.topic)
            .only("pk", "date", "slot_number")
            .order_by("date", "slot_number")
        )
        context = {
            "school": self.school,
            "plan": self.plan,
            "topic": self.topic,
            "lessons": lessons,
            "form": form,
            "can_edit": True,
        }
        template = "thematic/_topic_form_row.html" if form else "thematic/_topic_row.html"
        return render(self.request, template, context)


class TopicRowView(TopicMixin, TemplateView):
    """The display row (htmx: "Cancel" of the inline edit)."""

    edit = False

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_topic()
        return self.row()


class TopicEditView(TopicMixin, TemplateView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        topic = self.load_topic()
        return self.row(TopicForm(instance=topic, prefix=f"t{topic.pk}"))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        topic = self.load_topic()
        form = TopicForm(request.POST, instance=topic, prefix=f"t{topic.pk}")
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.changed_data}
            try:
                topic_update(actor=self.actor, topic=topic, data=data)
            except ValidationError as exc:
                add_validation_errors(form, exc)
        if form.errors:
            return self.row(form)
        if not getattr(request, "htmx", False):
            return HttpResponseRedirect(self.plan_url())
        return self.row()


class TopicAddView(PlanDetailView):
    """Add a topic (at the end or at the number given)."""

    edit = True
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        form = TopicForm(request.POST, prefix="new")
        if form.is_valid():
            cleaned = form.cleaned_data
            data = TopicData(
                title=cleaned["title"],
                hours=cleaned["hours"],
                section=cleaned["section"] or "",
                homework=cleaned["homework"] or "",
                materials=cleaned["materials"] or "",
                planned_date=cleaned["planned_date"],
            )
            position = request.POST.get("position", "")
            try:
                topic_add(
                    actor=self.actor,
                    plan=plan,
                    data=data,
                    position=int(position) if position.isdigit() else None,
                )
            except ValidationError as exc:
                add_validation_errors(form, exc)
        if form.errors:
            context = self.get_context_data()
            context["topic_form"] = form
            return self.render_to_response(context)
        messages.success(request, _("Topic added: %(title)s.") % {"title": data.title})
        return HttpResponseRedirect(
            reverse("thematic:plan_detail", args=[self.school.pk, plan.pk]) + "#topics"
        )


class TopicDeleteView(TopicMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        topic = self.load_topic()
        title = topic.title
        topic_delete(actor=self.actor, topic=topic)
        messages.success(request, _("Deleted: %(obj)s.") % {"obj": title})
        return HttpResponseRedirect(self.plan_url() + "#topics")


class TopicMoveView(TopicMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        topic = self.load_topic()
        step = -1 if request.POST.get("direction") == "up" else 1
        topic_move(actor=self.actor, topic=topic, step=step)
        return HttpResponseRedirect(self.plan_url() + f"#topic-{topic.pk}")
