from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    REGION = "region", _("регион")
    MUNICIPALITY = "municipality", _("муниципалитет (управление образования)")
    SCHOOL = "school", _("школа")
    COLLEGE = "college", _("колледж")


class SchoolType(models.TextChoices):
    SECONDARY = "sosh", _("средняя общеобразовательная школа")
    BASIC = "oosh", _("основная общеобразовательная школа")
    PRIMARY = "nosh", _("начальная общеобразовательная школа")
    GYMNASIUM = "gymnasium", _("гимназия")
    LYCEUM = "lyceum", _("лицей")
    BOARDING = "boarding", _("школа-интернат")
    COLLEGE = "college", _("колледж / техникум")
    OTHER = "other", _("другое")


class PeriodKind(models.TextChoices):
    QUARTERS = "quarters", _("четверти")
    TRIMESTERS = "trimesters", _("триместры")
    HALF_YEARS = "half_years", _("полугодия")
    SEMESTERS = "semesters", _("семестры")


#: How many periods each kind of set usually has (a hint for forms and demo data).
PERIOD_COUNT = {
    PeriodKind.QUARTERS: 4,
    PeriodKind.TRIMESTERS: 3,
    PeriodKind.HALF_YEARS: 2,
    PeriodKind.SEMESTERS: 2,
}

#: Russia's time zones, west to east.
RUSSIAN_TIME_ZONES = [
    ("Europe/Kaliningrad", "Калининград (UTC+2)"),
    ("Europe/Moscow", "Москва (UTC+3)"),
    ("Europe/Samara", "Самара (UTC+4)"),
    ("Asia/Yekaterinburg", "Екатеринбург (UTC+5)"),
    ("Asia/Omsk", "Омск (UTC+6)"),
    ("Asia/Krasnoyarsk", "Красноярск (UTC+7)"),
    ("Asia/Irkutsk", "Иркутск (UTC+8)"),
    ("Asia/Yakutsk", "Якутск (UTC+9)"),
    ("Asia/Vladivostok", "Владивосток (UTC+10)"),
    ("Asia/Magadan", "Магадан (UTC+11)"),
    ("Asia/Kamchatka", "Камчатка (UTC+12)"),
]
