"""Endpoints of the timetable: bell schedules (read) and the weekly timetable entries (read by
everybody in the school; written by the school administration through the same service as the
pages, so the API refuses the same clashes with the same messages)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets

from parta.accounts.access import access_for
from parta.api.views import ApiWriteMixin, ReadOnlyApiViewSet
from parta.timetable.api import filters, serializers
from parta.timetable.models import BellSchedule, TimetableEntry
from parta.timetable.services import timetable_entry_delete, timetable_entry_save


@extend_schema(tags=["timetable"])
class BellScheduleViewSet(ReadOnlyApiViewSet[BellSchedule]):
    """Bell schedules with their lessons; read by everybody in the school."""

    queryset = BellSchedule.objects.none()  # the model, for the schema
    serializer_class = serializers.BellScheduleSerializer
    filterset_class = filters.BellScheduleFilter

    def get_queryset(self) -> QuerySet[BellSchedule]:
        return (
            BellSchedule.objects.filter(school_id__in=sorted(self.access.readable_school_ids))
            .prefetch_related("slots")
            .order_by("school_id", "academic_year_id", "-is_default", "name", "pk")
        )


@extend_schema(tags=["timetable"])
class TimetableEntryViewSet(ApiWriteMixin, viewsets.ModelViewSet[TimetableEntry]):
    """The weekly timetable. Read: everybody in the school (the class timetable is public
    within the school). Create, update, delete: the school administration."""

    queryset = TimetableEntry.objects.none()  # the model, for the schema
    serializer_class = serializers.TimetableEntrySerializer
    filterset_class = filters.TimetableEntryFilter

    def get_queryset(self) -> QuerySet[TimetableEntry]:
        access = access_for(self.request.user)
        return TimetableEntry.objects.filter(
            school_id__in=sorted(access.readable_school_ids)
        ).order_by("school_id", "weekday", "slot_number", "pk")

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        school_id = int(data["academic_year"].school_id)
        self.require_admin(school_id)
        entry = TimetableEntry(school_id=school_id, **data)
        serializer.instance = timetable_entry_save(actor=self.actor, entry=entry)

    def perform_update(self, serializer: Any) -> None:
        entry = serializer.instance
        self.require_admin(entry.school_id)
        for name, value in serializer.validated_data.items():
            setattr(entry, name, value)
        serializer.instance = timetable_entry_save(actor=self.actor, entry=entry)

    def perform_destroy(self, instance: TimetableEntry) -> None:
        self.require_admin(instance.school_id)
        timetable_entry_delete(actor=self.actor, entry=instance)
