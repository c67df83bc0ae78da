from django.contrib import admin

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


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ("short_name", "kind", "parent", "timezone", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("short_name", "full_name", "inn")


class StudyPeriodInline(admin.TabularInline[StudyPeriod, PeriodSet]):
    model = StudyPeriod
    extra = 0


@admin.register(PeriodSet)
class PeriodSetAdmin(admin.ModelAdmin[PeriodSet]):
    list_display = ("name", "kind", "academic_year", "school")
    list_filter = ("kind",)
    inlines = (StudyPeriodInline,)


class HolidayInline(admin.TabularInline[Holiday, HolidaySet]):
    model = Holiday
    extra = 0


@admin.register(HolidaySet)
class HolidaySetAdmin(admin.ModelAdmin[HolidaySet]):
    list_display = ("name", "is_main", "academic_year", "school")
    inlines = (HolidayInline,)


@admin.register(AcademicYear)
class AcademicYearAdmin(admin.ModelAdmin[AcademicYear]):
    list_display = ("name", "school", "start_date", "end_date")
    list_filter = ("school",)


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin[Building]):
    list_display = ("name", "school")


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin[Room]):
    list_display = ("number", "name", "building", "capacity", "school")
    search_fields = ("number", "name")
