"""A school's work types and journal settings. Read: everybody in the school; write: the
school administration, through the record services (validated, audited)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from parta.accounts.access import access_for
from parta.api.filters import SchoolFilterSet
from parta.api.views import ApiWriteMixin
from parta.core.services.records import record_create, record_update
from parta.journal.api import serializers
from parta.journal.models import JournalSettings, WorkType
from parta.journal.selectors import school_settings
from parta.organizations.models import Organization


class WorkTypeFilter(SchoolFilterSet):
    class Meta:
        model = WorkType
        fields = ["school"]


@extend_schema(tags=["journal"])
class WorkTypeViewSet(
    ApiWriteMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[WorkType],
):
    """Work types with their weights. Read: everybody in the school. Create and change (no
    delete: a type in use is switched off with `is_active`): the school administration."""

    queryset = WorkType.objects.none()  # the model, for the schema
    serializer_class = serializers.WorkTypeSerializer
    filterset_class = WorkTypeFilter

    def get_queryset(self) -> QuerySet[WorkType]:
        schools = sorted(access_for(self.request.user).readable_school_ids)
        return WorkType.objects.filter(school_id__in=schools).order_by(
            "school_id", "position", "name", "pk"
        )

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return serializers.WorkTypeCreateSerializer
        return serializers.WorkTypeSerializer

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        school_id = data.pop("school_id")
        if not access_for(self.request.user).can_read_school(school_id):
            raise exceptions.NotFound()
        self.require_admin(school_id)
        serializer.instance = record_create(
            actor=self.actor, instance=WorkType(school_id=school_id, **data)
        )

    def perform_update(self, serializer: Any) -> None:
        work_type = serializer.instance
        self.require_admin(work_type.school_id)
        serializer.instance = record_update(
            actor=self.actor, instance=work_type, data=dict(serializer.validated_data)
        )


@extend_schema(tags=["journal"])
class JournalSettingsViewSet(ApiWriteMixin, viewsets.GenericViewSet[JournalSettings]):
    """A school's journal settings by the school's id (the defaults while it has saved none).
    Read: everybody in the school; change: the school administration."""

    queryset = JournalSettings.objects.none()  # the model, for the schema
    serializer_class = serializers.JournalSettingsSerializer

    def _school(self, pk: Any) -> Organization:
        if not access_for(self.request.user).can_read_school(int(pk)):
            raise exceptions.NotFound()
        return Organization.objects.get(pk=pk)

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        settings = school_settings(self._school(pk))
        return Response(serializers.JournalSettingsSerializer(settings).data)

    def _save(self, request: Request, pk: str | None, partial: bool) -> Response:
        school = self._school(pk)
        self.require_admin(school.pk)
        settings = school_settings(school)
        serializer = serializers.JournalSettingsSerializer(
            settings, data=request.data, partial=partial
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if settings.pk is None:
            for name, value in data.items():
                setattr(settings, name, value)
            saved = record_create(actor=self.actor, instance=settings)
        else:
            saved = record_update(actor=self.actor, instance=settings, data=data)
        return Response(serializers.JournalSettingsSerializer(saved).data)

    def update(self, request: Request, pk: str | None = None) -> Response:
        return self._save(request, pk, partial=False)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        return self._save(request, pk, partial=True)
