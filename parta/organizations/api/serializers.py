"""Read serializers of the organization tree and the school's structure."""

from __future__ import annotations

from rest_framework import serializers

from parta.api.fields import EnumField
from parta.organizations.choices import OrganizationKind, PeriodKind, SchoolType
from parta.organizations.models import (
    AcademicYear,
    Building,
    Holiday,
    HolidaySet,
    Organization,
    PeriodSet,
    Room,
    StudyPeriod,
)
from parta.organizations.services.organizations import CARD_FIELDS


class OrganizationSerializer(serializers.ModelSerializer[Organization]):
    """A node of the tree region → municipality → school/college with its card."""

    kind = EnumField(OrganizationKind)
    school_type = EnumField(SchoolType, allow_blank=True)

    class Meta:
        model = Organization
        fields = ["id", "kind", "parent", *CARD_FIELDS, "is_active"]
        read_only_fields = fields


class AcademicYearSerializer(serializers.ModelSerializer[AcademicYear]):
    class Meta:
        model = AcademicYear
        fields = ["id", "school", "name", "start_date", "end_date"]
        read_only_fields = fields


class StudyPeriodSerializer(serializers.ModelSerializer[StudyPeriod]):
    academic_year = serializers.IntegerField(source="period_set.academic_year_id", read_only=True)

    class Meta:
        model = StudyPeriod
        fields = [
            "id",
            "school",
            "period_set",
            "academic_year",
            "number",
            "name",
            "start_date",
            "end_date",
        ]
        read_only_fields = fields


class PeriodOfSetSerializer(serializers.ModelSerializer[StudyPeriod]):
    """A study period inside its set."""

    class Meta:
        model = StudyPeriod
        fields = ["id", "number", "name", "start_date", "end_date"]
        read_only_fields = fields


class PeriodSetSerializer(serializers.ModelSerializer[PeriodSet]):
    kind = EnumField(PeriodKind)
    periods = PeriodOfSetSerializer(many=True, read_only=True)

    class Meta:
        model = PeriodSet
        fields = ["id", "school", "academic_year", "kind", "name", "periods"]
        read_only_fields = fields


class HolidayOfSetSerializer(serializers.ModelSerializer[Holiday]):
    class Meta:
        model = Holiday
        fields = ["id", "name", "start_date", "end_date"]
        read_only_fields = fields


class HolidaySetSerializer(serializers.ModelSerializer[HolidaySet]):
    holidays = HolidayOfSetSerializer(many=True, read_only=True)

    class Meta:
        model = HolidaySet
        fields = ["id", "school", "academic_year", "name", "is_main", "holidays"]
        read_only_fields = fields


class BuildingSerializer(serializers.ModelSerializer[Building]):
    class Meta:
        model = Building
        fields = ["id", "school", "name", "address"]
        read_only_fields = fields


class RoomSerializer(serializers.ModelSerializer[Room]):
    building_name = serializers.CharField(
        source="building.name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Room
        fields = ["id", "school", "building", "building_name", "number", "name", "capacity"]
        read_only_fields = fields
