"""Final marks and closed study periods through the API, through the same services and selector
as the pages. `final-marks`: read by those who read the journal of the class or group in the
subject (the list needs `school_class` or `study_group` and `subject`); set by the subject's
teacher, the class teacher when the school allows it, the director and the deputy (403
otherwise, 409 with the stored mark on a stale save). `final-marks/grid`: the grid with
suggestions. `period-closures`: listed for the school administration; created (close) and
deleted (reopen) by the director and the deputy director."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from parta.accounts.access import access_for
from parta.api.views import ApiWriteMixin
from parta.curriculum.models import Subject
from parta.journal import services
from parta.journal.api.access import found, require_read
from parta.journal.api.cells import stale_answer
from parta.journal.api.serializers import VersionSerializer
from parta.journal.finals import final_marks_grid
from parta.journal.models import FinalMark, PeriodClosure
from parta.journal.services import StaleEdit
from parta.organizations.models import AcademicYear, StudyPeriod
from parta.people.models import Enrollment, SchoolClass, Student, StudyGroup, StudyGroupMembership

# --- serializers ----------------------------------------------------------------------------
KIND_HELP = "period, year, exam or final."


class FinalMarkSerializer(serializers.ModelSerializer[FinalMark]):
    kind = serializers.CharField(read_only=True, help_text=KIND_HELP)

    class Meta:
        model = FinalMark
        fields = [
            "id",
            "school",
            "academic_year",
            "student",
            "subject",
            "kind",
            "study_period",
            "value",
            "comment",
            "version",
            "updated_at",
        ]


class FinalMarkInputSerializer(serializers.Serializer[Any]):
    student = serializers.IntegerField()
    subject = serializers.IntegerField()
    kind = serializers.CharField(max_length=10, help_text=KIND_HELP)
    study_period = serializers.IntegerField(required=False, allow_null=True)
    academic_year = serializers.IntegerField()
    value = serializers.CharField(max_length=10)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=300)
    expected_version = serializers.IntegerField(
        allow_null=True, help_text="The version the client saw (null: there was none)."
    )


class FinalMarkChangeSerializer(serializers.Serializer[Any]):
    value = serializers.CharField(max_length=10)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=300)
    expected_version = serializers.IntegerField(min_value=1)


class AudienceQuerySerializer(serializers.Serializer[Any]):
    school_class = serializers.IntegerField(required=False)
    study_group = serializers.IntegerField(required=False)
    subject = serializers.IntegerField()


class SuggestionSerializer(serializers.Serializer[Any]):
    mark = serializers.IntegerField(allow_null=True)
    too_few = serializers.BooleanField()


class FinalCellSerializer(serializers.Serializer[Any]):
    student = serializers.IntegerField()
    column = serializers.CharField(help_text="A study period id, or year, exam, final.")
    mark = FinalMarkSerializer(allow_null=True)
    average = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    suggestion = SuggestionSerializer(allow_null=True)


class FinalsPeriodSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    closed = serializers.BooleanField()


class FinalsGridSerializer(serializers.Serializer[Any]):
    academic_year = serializers.IntegerField()
    periods = FinalsPeriodSerializer(many=True)
    students = serializers.ListField(child=serializers.DictField())
    cells = FinalCellSerializer(many=True)


class PeriodClosureSerializer(serializers.ModelSerializer[PeriodClosure]):
    class Meta:
        model = PeriodClosure
        fields = ["id", "school", "study_period", "closed_at", "closed_by"]
        read_only_fields = ["id", "school", "closed_at", "closed_by"]


# --- final marks ----------------------------------------------------------------------------
def _audience(request: Request) -> tuple[Any, SchoolClass | None, StudyGroup | None, Subject]:
    query = AudienceQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    data = dict(query.validated_data)
    if (data.get("school_class") is None) == (data.get("study_group") is None):
        raise exceptions.ValidationError(
            {"school_class": [_("Choose either a class or a study group.")]}
        )
    user = request.user
    school_class = study_group = None
    if data.get("school_class") is not None:
        school_class = found(
            SchoolClass.objects.select_related("school"), data["school_class"], user
        )
        owner: Any = school_class
    else:
        study_group = found(
            StudyGroup.objects.select_related("school", "school_class"), data["study_group"], user
        )
        owner = study_group
    subject = Subject.objects.filter(pk=data["subject"]).first()
    if subject is None or subject.school_id not in (None, owner.school_id):
        raise exceptions.NotFound()

    subject_pk = subject.pk

    class _Audience:
        school_class_id = school_class.pk if school_class else None
        study_group_id = study_group.pk if study_group else None
        subject_id = subject_pk

    require_read(user, owner.school_id, _Audience())
    return owner, school_class, study_group, subject


@extend_schema(tags=["journal"])
class FinalMarkViewSet(
    ApiWriteMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet[FinalMark],
):
    """Final marks of a class or study group in a subject (`school_class` or `study_group`,
    `subject`). Set: `POST` (create or change by `expected_version`), `PUT` on one mark."""

    queryset = FinalMark.objects.none()  # the model, for the schema
    serializer_class = FinalMarkSerializer

    def get_queryset(self) -> QuerySet[FinalMark]:
        if getattr(self, "swagger_fake_view", False):
            return FinalMark.objects.none()
        if self.action != "list":
            schools = sorted(access_for(self.request.user).readable_school_ids)
            return FinalMark.objects.filter(school_id__in=schools)
        owner, school_class, study_group, subject = _audience(self.request)
        members: QuerySet[Any, Any]
        if school_class is not None:
            members = Enrollment.objects.filter(school_class=school_class).values("student_id")
        else:
            members = StudyGroupMembership.objects.filter(group=study_group).values("student_id")
        return FinalMark.objects.filter(
            Q(student_id__in=members),
            school_id=owner.school_id,
            academic_year_id=owner.academic_year_id,
            subject=subject,
        ).order_by("student_id", "kind", "study_period_id", "pk")

    @extend_schema(parameters=[AudienceQuerySerializer])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def _write(self, write: Any) -> Response:
        """Run a final mark's service write; a stale one answers 409 with the stored mark, a
        forbidden one 403, other refusals 400."""
        try:
            mark = write()
        except StaleEdit as error:
            return stale_answer(error, FinalMarkSerializer)
        except ValidationError as error:
            if error.code == "forbidden":
                raise exceptions.PermissionDenied(error.messages[0]) from error
            raise
        if mark is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(FinalMarkSerializer(mark).data)

    def _save(self, student: Student, data: dict[str, Any], **place: Any) -> Response:
        return self._write(
            lambda: services.final_mark_set(
                actor=self.actor,
                student=student,
                value=data["value"],
                comment=data.get("comment", ""),
                expected_version=data["expected_version"],
                **place,
            )
        )

    @extend_schema(
        request=FinalMarkInputSerializer, responses={200: FinalMarkSerializer, 409: None}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Set a final mark (a new one with `expected_version` null, or a change)."""
        data = self.valid(FinalMarkInputSerializer)
        user = request.user
        student = found(Student.objects.select_related("school"), data["student"], user)
        year = found(AcademicYear.objects.all(), data["academic_year"], user)
        subject = Subject.objects.filter(pk=data["subject"]).first()
        if subject is None:
            raise exceptions.NotFound()
        period = None
        if data.get("study_period") is not None:
            period = found(
                StudyPeriod.objects.select_related("period_set"), data["study_period"], user
            )
        return self._save(
            student,
            data,
            subject=subject,
            kind=data["kind"],
            study_period=period,
            academic_year=year,
        )

    @extend_schema(
        request=FinalMarkChangeSerializer, responses={200: FinalMarkSerializer, 409: None}
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change the final mark (`expected_version`: the version the client last saw)."""
        mark = found(
            FinalMark.objects.select_related(
                "student__school", "subject", "study_period__period_set", "academic_year"
            ),
            kwargs["pk"],
            request.user,
        )
        data = self.valid(FinalMarkChangeSerializer)
        return self._save(
            mark.student,
            data,
            subject=mark.subject,
            kind=mark.kind,
            study_period=mark.study_period,
            academic_year=mark.academic_year,
        )

    @extend_schema(parameters=[VersionSerializer], responses={204: None, 409: FinalMarkSerializer})
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Remove a final mark set by mistake (`expected_version`, the version the client last
        saw, in the body or as `?expected_version=`); a closed period's only by the
        administration."""
        mark = found(
            FinalMark.objects.select_related(
                "student__school", "subject", "study_period__period_set", "academic_year"
            ),
            kwargs["pk"],
            request.user,
        )
        source = request.data if "expected_version" in request.data else request.query_params
        serializer = VersionSerializer(data=source)
        serializer.is_valid(raise_exception=True)
        return self._write(
            lambda: services.final_mark_delete(
                actor=self.actor,
                final_mark=mark,
                expected_version=serializer.validated_data["expected_version"],
            )
        )

    def valid(self, serializer_class: Any) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @extend_schema(parameters=[AudienceQuerySerializer], responses=FinalsGridSerializer)
    @action(detail=False, methods=["get"])
    def grid(self, request: Request) -> Response:
        """Students × (study periods, year, exam, final): the stored marks and the suggestions.
        A constant number of queries."""
        owner, school_class, study_group, subject = _audience(request)
        year = AcademicYear.objects.get(pk=owner.academic_year_id)
        grid = final_marks_grid(
            school=owner.school,
            school_class=school_class,
            study_group=study_group,
            subject=subject,
            academic_year=year,
        )
        cells = [
            {
                "student": row.student.pk,
                "column": str(key),
                "mark": grid.cell(row.student.pk, key).mark,
                "average": grid.cell(row.student.pk, key).average,
                "suggestion": grid.cell(row.student.pk, key).suggestion,
            }
            for row in grid.students
            for key in grid.columns
        ]
        data = {
            "academic_year": year.pk,
            "periods": [
                {
                    "id": period.pk,
                    "name": period.name,
                    "start_date": period.start_date,
                    "end_date": period.end_date,
                    "closed": period.pk in grid.closed,
                }
                for period in grid.periods
            ],
            "students": [{"id": row.student.pk, "name": str(row.student)} for row in grid.students],
            "cells": cells,
        }
        return Response(FinalsGridSerializer(data).data)


# --- closed periods -------------------------------------------------------------------------
@extend_schema(tags=["journal"])
class PeriodClosureViewSet(
    ApiWriteMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[PeriodClosure],
):
    """Closed study periods of the schools the user administers. Create: close a period;
    delete: reopen it (director and deputy director)."""

    queryset = PeriodClosure.objects.none()  # the model, for the schema
    serializer_class = PeriodClosureSerializer

    def get_queryset(self) -> QuerySet[PeriodClosure]:
        if getattr(self, "swagger_fake_view", False):
            return PeriodClosure.objects.none()
        schools = access_for(self.request.user).admin_school_ids
        return PeriodClosure.objects.filter(school_id__in=schools).order_by("school_id", "pk")

    def _refused(self, error: ValidationError) -> exceptions.APIException:
        if error.code == "forbidden":
            return exceptions.PermissionDenied(error.messages[0])
        return exceptions.ValidationError({"study_period": error.messages})

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Close the study period."""
        raw = request.data.get("study_period")
        period = found(StudyPeriod.objects.all(), raw if str(raw).isdigit() else 0, request.user)
        try:
            closure = services.period_close(actor=self.actor, study_period=period)
        except ValidationError as error:
            raise self._refused(error) from error
        return Response(PeriodClosureSerializer(closure).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Reopen the study period."""
        closure = found(
            PeriodClosure.objects.select_related("study_period"), kwargs["pk"], request.user
        )
        try:
            services.period_reopen(actor=self.actor, study_period=closure.study_period)
        except ValidationError as error:
            raise self._refused(error) from error
        return Response(status=status.HTTP_204_NO_CONTENT)
