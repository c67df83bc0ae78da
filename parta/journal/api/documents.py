"""Absence documents (CRUD through the document services) and the class teacher's reads of a
class: attendance over dates, marks across subjects, students at risk. Read: the class teacher
and the school's administration (director, deputy, secretary); documents are written by the class
teacher, the director and the deputy. Another school's rows answer 404."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from parta.api.views import ApiView, ApiWriteMixin
from parta.curriculum.models import Subject
from parta.journal.api.access import found
from parta.journal.api.journal import _dates
from parta.journal.choices import AbsenceReason
from parta.journal.classteacher import (
    ClassMarks,
    class_attendance,
    class_marks,
    documents_visible_to,
    may_read_class_overview,
)
from parta.journal.models import AbsenceDocument
from parta.journal.services import (
    absence_document_create,
    absence_document_delete,
    absence_document_update,
)
from parta.people.models import SchoolClass, Student


class AbsenceDocumentSerializer(serializers.ModelSerializer[AbsenceDocument]):
    school = serializers.IntegerField(source="school_id", read_only=True)
    student = serializers.IntegerField(source="student_id")
    subject = serializers.IntegerField(source="subject_id", required=False, allow_null=True)
    #: a plain string in the schema (its enum would collide with the other "reason" fields);
    #: the service refuses anything but these values
    reason = serializers.CharField(
        max_length=12, help_text="One of: " + ", ".join(AbsenceReason.values) + "."
    )

    class Meta:
        model = AbsenceDocument
        fields = [
            "id",
            "school",
            "student",
            "start_date",
            "end_date",
            "reason",
            "subject",
            "number",
            "note",
            "created_at",
        ]
        read_only_fields = ["id", "school", "created_at"]


class PeriodQuerySerializer(serializers.Serializer[Any]):
    period = serializers.IntegerField(required=False, help_text="A study period (quarter …).")
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)


def _refused(error: DjangoValidationError) -> exceptions.APIException:
    if getattr(error, "code", None) == "forbidden":
        return exceptions.PermissionDenied(error.messages[0])
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(error.message_dict)
    return exceptions.ValidationError({"non_field_errors": error.messages})


@extend_schema(tags=["journal"])
class AbsenceDocumentViewSet(
    ApiWriteMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[AbsenceDocument],
):
    """Absence documents of the students the user may see (the school's administration: all;
    a class teacher: their classes' students). Entering, changing or deleting one recodes the
    student's absences it covers (see `docs/journal-class-teacher.md`)."""

    queryset = AbsenceDocument.objects.none()  # the model, for the schema
    serializer_class = AbsenceDocumentSerializer

    def get_queryset(self) -> QuerySet[AbsenceDocument]:
        return (
            documents_visible_to(self.request.user)
            .select_related("school")
            .order_by("-start_date", "pk")
        )

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        student = found(
            Student.objects.select_related("school"), data.pop("student_id"), self.request.user
        )
        subject = self._subject(data.pop("subject_id", None))
        try:
            serializer.instance = absence_document_create(
                actor=self.actor, school=student.school, student=student, subject=subject, **data
            )
        except DjangoValidationError as error:
            raise _refused(error) from error

    def perform_update(self, serializer: Any) -> None:
        document = serializer.instance
        data = dict(serializer.validated_data)
        if "student_id" in data and data.pop("student_id") != document.student_id:
            raise exceptions.ValidationError({"student": [_("A document keeps its student.")]})
        if "subject_id" in data:
            data["subject"] = self._subject(data.pop("subject_id"))
        try:
            serializer.instance = absence_document_update(
                actor=self.actor, school=document.school, document=document, **data
            )
        except DjangoValidationError as error:
            raise _refused(error) from error

    def perform_destroy(self, instance: AbsenceDocument) -> None:
        try:
            absence_document_delete(actor=self.actor, school=instance.school, document=instance)
        except DjangoValidationError as error:
            raise _refused(error) from error

    def _subject(self, subject_id: int | None) -> Subject | None:
        if subject_id is None:
            return None
        subject = Subject.objects.filter(pk=subject_id).first()
        if subject is None:
            raise exceptions.ValidationError({"subject": [_("Unknown subject.")]})
        return subject


def _school_class(request: Request, pk: int) -> SchoolClass:
    school_class = found(SchoolClass.objects.select_related("school"), pk, request.user)
    if not may_read_class_overview(request.user, school_class):
        raise exceptions.PermissionDenied()
    return school_class


def _period(request: Request, school_class: SchoolClass) -> tuple[Any, Any]:
    query = PeriodQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return _dates(dict(query.validated_data), school_class.school, request.user)


class ClassAttendanceView(ApiView):
    """A class's attendance between two dates (or in a study period): per student and day the
    codes of the day's lessons, the full day missed (its code) and totals. Constant queries."""

    @extend_schema(tags=["journal"], parameters=[PeriodQuerySerializer], responses=dict)
    def get(self, request: Request, pk: int) -> Response:
        school_class = _school_class(request, pk)
        start, end = _period(request, school_class)
        result = class_attendance(school_class, start, end)
        return Response(
            {
                "school_class": school_class.pk,
                "start": start,
                "end": end,
                "students": [
                    {
                        "id": row.student.pk,
                        "name": str(row.student),
                        "days": [
                            {"date": d.day, "codes": d.compressed, "full_day": d.full_day}
                            for d in row.days
                            if d.compressed
                        ],
                        "missed": dict(row.missed),
                        "full_days": dict(row.full_days),
                    }
                    for row in result.rows
                ],
            }
        )


def _marks_data(result: ClassMarks, only_at_risk: bool) -> dict[str, Any]:
    rows = result.at_risk() if only_at_risk else result.rows
    return {
        "school_class": result.school_class.pk,
        "start": result.start,
        "end": result.end,
        "averaging": result.averaging,
        "pass_mark": result.pass_mark,
        "min_marks": result.min_marks,
        "subjects": [{"id": s.pk, "name": s.name} for s in result.subjects],
        "students": [
            {
                "id": row.student.pk,
                "name": str(row.student),
                "subjects": [
                    {
                        "subject": s.subject_id,
                        "average": None if s.average is None else str(s.average),
                        "count": s.count,
                        "suggested": s.suggested,
                        "too_few": s.too_few,
                        "below_pass": s.below_pass,
                    }
                    for s in (row.risks() if only_at_risk else row.subjects.values())
                ],
            }
            for row in rows
        ],
    }


class ClassMarksSummaryView(ApiView):
    """A class's marks across all subjects for a study period (or two dates): per student and
    subject the average the school uses, the count and the suggested mark. Constant queries."""

    @extend_schema(tags=["journal"], parameters=[PeriodQuerySerializer], responses=dict)
    def get(self, request: Request, pk: int) -> Response:
        school_class = _school_class(request, pk)
        start, end = _period(request, school_class)
        return Response(_marks_data(class_marks(school_class, start, end), only_at_risk=False))


class ClassAtRiskView(ApiView):
    """The class's students at risk in a period: an average below the scale's pass mark or too
    few marks, with those subjects."""

    @extend_schema(tags=["journal"], parameters=[PeriodQuerySerializer], responses=dict)
    def get(self, request: Request, pk: int) -> Response:
        school_class = _school_class(request, pk)
        start, end = _period(request, school_class)
        return Response(_marks_data(class_marks(school_class, start, end), only_at_risk=True))
