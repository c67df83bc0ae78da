"""Plan pages: the school's list, one plan (topics, hour check, bound lessons), create and edit
a plan or a template, delete, re-bind, apply a template to classes and re-apply it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from parta.accounts.access import access_for
from parta.core.registry import add_validation_errors
from parta.people.selectors import current_year
from parta.thematic.forms import (
    ApplyTemplateForm,
    PlanFilterForm,
    PlanForm,
    TemplateForm,
    TopicForm,
)
from parta.thematic.models import ThematicPlan
from parta.thematic.selectors import plan_detail, plan_hours, topics_with_lessons
from parta.thematic.services import (
    plan_bind,
    plan_create,
    plan_delete,
    plan_update,
    template_apply,
    template_reapply,
)
from parta.thematic.views.base import (
    PlanMixin,
    PlansMixin,
    WritePlansMixin,
    fmt_diff,
    fmt_hours,
    plan_of,
)


def _plan_url(plan: ThematicPlan) -> str:
    return reverse("thematic:plan_detail", args=[plan.school_id, plan.pk])


def target_label(plan: ThematicPlan) -> str:
    if plan.is_template:
        return _("template of grade %(grade)s") % {"grade": plan.grade}
    return plan.audience_name


class PlanListView(PlansMixin, TemplateView):
    """The school's plans and templates, the user's own first; filters by grade, subject,
    teacher and class; 25 a page in a fixed number of queries."""

    template_name = "thematic/plan_list.html"
    paginate_by = 25

    def plans(self) -> QuerySet[ThematicPlan]:
        user_id = access_for(self.request.user).user_id or 0
        qs = plan_detail(ThematicPlan.objects.for_school(self.school).visible_to(self.request.user))
        self.filter_form = PlanFilterForm(self.request.GET or None, school=self.school)
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["academic_year"]:
                qs = qs.filter(academic_year=data["academic_year"])
            if data["grade"]:
                qs = qs.filter(grade=int(data["grade"]))
            if data["subject"]:
                qs = qs.filter(subject=data["subject"])
            if data["teacher"]:
                qs = qs.filter(teacher=data["teacher"])
            if data["school_class"]:
                chosen = data["school_class"]
                qs = qs.filter(Q(school_class=chosen) | Q(study_group__school_class=chosen))
        return qs.annotate(
            mine=Case(
                When(teacher__person__user_id=user_id, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            topic_count=Count("topics"),
            hour_total=Sum("topics__hours"),
        ).order_by(
            "mine",
            "-academic_year__start_date",
            "grade",
            "subject__name",
            "-is_template",
            "school_class__letter",
            "study_group__name",
            "pk",
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = Paginator(self.plans(), self.paginate_by).get_page(self.request.GET.get("page"))
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(
            title=_("Thematic plans"),
            page_obj=page,
            is_paginated=page.has_other_pages(),
            rows=[
                (plan, target_label(plan), fmt_hours(plan.hour_total or 0))
                for plan in page.object_list
            ],
            filter_form=self.filter_form,
            querystring=params.urlencode(),
        )
        return context


class PlanDetailView(PlanMixin, TemplateView):
    template_name = "thematic/plan_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_plan()
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        plan = self.plan
        check = plan_hours(plan)
        lines = [*check.lines, check.total]
        context.update(
            title=str(plan),
            target=target_label(plan),
            topics=topics_with_lessons(plan),
            hours_rows=[
                {
                    "label": line.label,
                    "curriculum": fmt_hours(line.curriculum),
                    "plan": fmt_hours(line.plan),
                    "lessons": "—" if line.lessons is None else line.lessons,
                    "plan_diff": fmt_diff(line.plan_vs_curriculum),
                    "lessons_diff": fmt_diff(line.lessons_vs_curriculum),
                    "ok": line.ok,
                    "plan_bad": bool(line.plan_vs_curriculum),
                    "lessons_bad": bool(line.lessons_vs_curriculum),
                    "total": line is check.total,
                }
                for line in lines
            ],
            hours_notes=check.notes,
            weekly=fmt_hours(check.hours_per_week) if check.hours_per_week is not None else None,
            topic_form=TopicForm(prefix="new"),
            followers=(
                list(plan.followers.select_related("school_class").order_by("school_class__letter"))
                if plan.is_template
                else []
            ),
        )
        return context


class PlanFormView(WritePlansMixin, TemplateView):
    """Create (no `pk`) or edit a plan or a template (`template=True`)."""

    template_name = "thematic/plan_form.html"
    template = False
    object: ThematicPlan | None = None

    def _object(self) -> ThematicPlan | None:
        if "pk" not in self.kwargs:
            return None
        return plan_of(self.school, self.kwargs["pk"], self.request.user, edit=True)

    def _form(self, data: Any = None) -> PlanForm | TemplateForm:
        self.object = self._object()
        is_template = self.object.is_template if self.object is not None else self.template
        form_class = TemplateForm if is_template else PlanForm
        initial: dict[str, Any] = {}
        if self.object is None:
            year = current_year(self.school)
            initial["academic_year"] = year.pk if year else None
        return form_class(
            data,
            instance=self.object,
            school=self.school,
            teacher_field=self.access.is_school_admin(self.school.pk),
            initial=initial,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render(self._form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            if self.object is None:
                saved = plan_create(actor=self.actor, plan=form.instance)
            else:
                data = {name: form.cleaned_data[name] for name in form.changed_data}
                saved = plan_update(actor=self.actor, plan=form.instance, data=data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.render(form)
        messages.success(request, _("Saved: %(obj)s.") % {"obj": saved})
        return HttpResponseRedirect(_plan_url(saved))

    def render(self, form: Any) -> HttpResponse:
        is_template = isinstance(form, TemplateForm)
        if self.object is not None:
            title = _("Edit the template") if is_template else _("Edit the plan")
            back = _plan_url(self.object)
        else:
            title = _("New template") if is_template else _("New thematic plan")
            back = reverse("thematic:plan_list", args=[self.school.pk])
        context = self.get_context_data(form=form, title=title, list_url=back, object=self.object)
        return self.render_to_response(context)


class PlanDeleteView(PlanMixin, TemplateView):
    template_name = "thematic/plan_delete.html"
    edit = True

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_plan()
        return self.render_to_response(self.get_context_data(title=_("Delete the plan")))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        name = str(plan)
        plan_delete(actor=self.actor, plan=plan)
        messages.success(request, _("Deleted: %(obj)s.") % {"obj": name})
        return HttpResponseRedirect(reverse("thematic:plan_list", args=[self.school.pk]))


class PlanBindView(PlanMixin, View):
    """Bind the topics to the lessons again (after the timetable or the lessons changed)."""

    http_method_names = ["post"]

    edit = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        result = plan_bind(actor=self.actor, plan=plan)
        messages.success(
            request,
            _("%(bound)s of %(lessons)s lessons have a topic.")
            % {"bound": result.bound, "lessons": result.lessons},
        )
        if result.unbound_topics:
            messages.warning(
                request,
                _("%(count)s topics got no lesson: from topic %(first)s on.")
                % {"count": len(result.unbound_topics), "first": result.unbound_topics[0].position},
            )
        return HttpResponseRedirect(_plan_url(plan))


class ApplyTemplateView(PlanMixin, TemplateView):
    """Create the plans of classes of the grade from a template."""

    template_name = "thematic/apply_form.html"
    edit = True

    def load_plan(self) -> ThematicPlan:
        plan = super().load_plan()
        if not plan.is_template:
            raise Http404(_("This plan is not a template."))
        return plan

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        return self.render(ApplyTemplateForm(template=plan))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        form = ApplyTemplateForm(request.POST, template=plan)
        if not form.is_valid():
            return self.render(form)
        try:
            report = template_apply(
                actor=self.actor, template=plan, classes=list(form.cleaned_data["classes"])
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.render(form)
        messages.success(request, _("Plans created: %(count)s.") % {"count": len(report.created)})
        for name, reason in report.skipped:
            messages.warning(request, _("%(name)s: %(reason)s.") % {"name": name, "reason": reason})
        return HttpResponseRedirect(_plan_url(plan))

    def render(self, form: ApplyTemplateForm) -> HttpResponse:
        return self.render_to_response(
            self.get_context_data(
                form=form,
                title=_("Create class plans from the template"),
                list_url=_plan_url(self.plan),
            )
        )


class ReapplyTemplateView(PlanMixin, View):
    http_method_names = ["post"]
    edit = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        try:
            count = template_reapply(actor=self.actor, plan=plan)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The template's %(count)s topics replaced the plan's.") % {"count": count},
            )
        return HttpResponseRedirect(_plan_url(plan))
