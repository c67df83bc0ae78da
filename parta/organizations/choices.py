from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    REGION = "region", _("region")
    MUNICIPALITY = "municipality", _("municipality (education department)")
    SCHOOL = "school", _("school")
    COLLEGE = "college", _("college")


class SchoolType(models.TextChoices):
    SECONDARY = "sosh", _("secondary school")
    BASIC = "oosh", _("basic school")
    PRIMARY = "nosh", _("primary school")
    GYMNASIUM = "gymnasium", _("gymnasium")
    LYCEUM = "lyceum", _("lyceum")
    BOARDING = "boarding", _("boarding school")
    COLLEGE = "college", _("college / technical school")
    OTHER = "other", _("other")


class PeriodKind(models.TextChoices):
    QUARTERS = "quarters", _("quarters")
    TRIMESTERS = "trimesters", _("trimesters")
    HALF_YEARS = "half_years", _("half-years")
    SEMESTERS = "semesters", _("semesters")


#: How many periods each kind of set usually has (a hint for forms and demo data).
PERIOD_COUNT = {
    PeriodKind.QUARTERS: 4,
    PeriodKind.TRIMESTERS: 3,
    PeriodKind.HALF_YEARS: 2,
    PeriodKind.SEMESTERS: 2,
}

#: Russia's time zones, west to east.
RUSSIAN_TIME_ZONES = [
    ("Europe/Kaliningrad", _("Kaliningrad (UTC+2)")),
    ("Europe/Moscow", _("Moscow (UTC+3)")),
    ("Europe/Samara", _("Samara (UTC+4)")),
    ("Asia/Yekaterinburg", _("Yekaterinburg (UTC+5)")),
    ("Asia/Omsk", _("Omsk (UTC+6)")),
    ("Asia/Krasnoyarsk", _("Krasnoyarsk (UTC+7)")),
    ("Asia/Irkutsk", _("Irkutsk (UTC+8)")),
    ("Asia/Yakutsk", _("Yakutsk (UTC+9)")),
    ("Asia/Vladivostok", _("Vladivostok (UTC+10)")),
    ("Asia/Magadan", _("Magadan (UTC+11)")),
    ("Asia/Kamchatka", _("Kamchatka (UTC+12)")),
]
