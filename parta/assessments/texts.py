"""The sentence shown for a violation: it names the class, the subject, the dates and the rule."""

from __future__ import annotations

import datetime

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parta.assessments.calculations import MIN_DAYS_BETWEEN, Violation
from parta.assessments.choices import Rule


def _day(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def describe(v: Violation) -> str:
    values: dict[str, object] = {
        "class": v.class_name,
        "subject": v.subject_name,
        "date": _day(v.dates[0]),
        "dates": ", ".join(_day(d) for d in v.dates),
    }
    values.update(v.extra)
    if v.rule == Rule.ONE_PER_DAY:
        values["count"] = len(v.procedure_ids)
        return _("%(class)s, %(date)s: %(count)s procedures on one day (%(subject)s).") % values
    if v.rule == Rule.FIRST_OR_LAST:
        return (
            _(
                "%(class)s, %(subject)s, %(date)s: lesson %(lesson)s is the first or the last "
                "lesson of the class that day."
            )
            % values
        )
    if v.rule == Rule.INTERVAL:
        values.update(minimum=MIN_DAYS_BETWEEN, first=_day(v.dates[0]), second=_day(v.dates[-1]))
        return (
            ngettext(
                "%(class)s, %(subject)s: %(first)s and %(second)s are %(days)s day apart; at "
                "least %(minimum)s days (2.5 weeks) are recommended.",
                "%(class)s, %(subject)s: %(first)s and %(second)s are %(days)s days apart; at "
                "least %(minimum)s days (2.5 weeks) are recommended.",
                int(v.extra.get("days", 0)),
            )
            % values
        )
    if v.rule == Rule.SHARE:
        return (
            ngettext(
                "%(class)s, %(subject)s: %(count)s procedure for %(lessons)s lessons in the "
                "year, more than 10 %%.",
                "%(class)s, %(subject)s: %(count)s procedures for %(lessons)s lessons in the "
                "year, more than 10 %%.",
                int(v.extra.get("count", 0)),
            )
            % values
        )
    return (
        _("%(class)s, %(subject)s, %(date)s: the class has no lesson of the subject that day.")
        % values
    )
