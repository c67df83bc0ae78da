"""The words of notifications and their links. Everything here is plain formatting: the
dispatch decides who is told and passes the loaded rows in."""

from __future__ import annotations

import datetime
from typing import Any

from django.template.defaultfilters import floatformat
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

MAX_TITLE = 300
MAX_BODY_EXCERPT = 300


def fmt_date(day: datetime.date) -> str:
    return date_format(day, "d.m.Y")


def _reverse(name: str, args: list[Any]) -> str:
    """The path of a page of another part of Parta; empty when it does not exist (yet)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def diary_week_url(school_id: int, student_id: int, day: datetime.date) -> str:
    """The diary week of the student holding `day`."""
    path = _reverse("diary:student_week", [school_id, student_id])
    if not path:
        return ""
    monday = day - datetime.timedelta(days=day.weekday())
    return f"{path}?week={monday.isoformat()}"


def diary_marks_url(school_id: int, student_id: int) -> str:
    return _reverse("diary:marks", [school_id, student_id])


def thread_url(school_id: int, thread_id: int) -> str:
    return _reverse("messaging:thread_detail", [school_id, thread_id])


def announcement_url(school_id: int, announcement_id: int) -> str:
    """The school's board, at the announcement."""
    path = _reverse("messaging:announcement_list", [school_id])
    return f"{path}#announcement-{announcement_id}" if path else ""


def event_url(school_id: int, event_id: int) -> str:
    return _reverse("messaging:event_detail", [school_id, event_id])


def about_child(title: str, student_name: str, for_parent: bool) -> str:
    """A parent may have several children: their notifications name the child."""
    if not for_parent:
        return title[:MAX_TITLE]
    return (_("%(student)s: %(title)s") % {"student": student_name, "title": title})[:MAX_TITLE]


def excerpt(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= MAX_BODY_EXCERPT:
        return text
    return text[: MAX_BODY_EXCERPT - 1] + "…"


def mark_title(value: str, subject: str, changed: bool) -> str:
    if changed:
        return _("Mark changed to %(value)s in %(subject)s") % {"value": value, "subject": subject}
    return _("Mark %(value)s in %(subject)s") % {"value": value, "subject": subject}


def mark_body(*, work_type: str, weight: Any, lesson_date: datetime.date, comment: str) -> str:
    lines = [
        _("Work: %(work)s (weight %(weight)s)")
        % {"work": work_type, "weight": floatformat(weight, -1)},
        _("Lesson of %(date)s") % {"date": fmt_date(lesson_date)},
    ]
    if comment:
        lines.append(_("Teacher's comment: %(comment)s") % {"comment": comment})
    return "\n".join(lines)


def absence_title(subject: str, lesson_date: datetime.date) -> str:
    return _("Absence from the lesson %(subject)s on %(date)s") % {
        "subject": subject,
        "date": fmt_date(lesson_date),
    }


def absence_body(*, student: str, code_label: str, slot_number: int) -> str:
    return _("%(student)s: %(code)s (lesson %(number)s).") % {
        "student": student,
        "code": code_label,
        "number": slot_number,
    }


def final_mark_title(kind_label: str, subject: str, value: str) -> str:
    return _("%(kind)s in %(subject)s: %(value)s") % {
        "kind": kind_label[:1].upper() + kind_label[1:],
        "subject": subject,
        "value": value,
    }


def final_mark_body(*, period: str, comment: str) -> str:
    lines = [period] if period else []
    if comment:
        lines.append(_("Teacher's comment: %(comment)s") % {"comment": comment})
    return "\n".join(lines)


def substitution_title(subject: str, lesson_date: datetime.date, slot_number: int) -> str:
    return _("Substitution: %(subject)s on %(date)s, lesson %(number)s") % {
        "subject": subject,
        "date": fmt_date(lesson_date),
        "number": slot_number,
    }


def substitution_body(teacher: str) -> str:
    return _("The lesson is given by %(teacher)s.") % {"teacher": teacher}


def cancelled_title(subject: str, lesson_date: datetime.date, slot_number: int) -> str:
    return _("Lesson cancelled: %(subject)s on %(date)s, lesson %(number)s") % {
        "subject": subject,
        "date": fmt_date(lesson_date),
        "number": slot_number,
    }


def cancelled_body(reason: str) -> str:
    return _("Reason: %(reason)s") % {"reason": reason} if reason else ""


def message_title(author: str, subject: str) -> str:
    return (_("New message from %(author)s: %(subject)s") % {"author": author, "subject": subject})[
        :MAX_TITLE
    ]


def announcement_title(title: str) -> str:
    return (_("Announcement: %(title)s") % {"title": title})[:MAX_TITLE]


def event_title(title: str, parent_meeting: bool, starts: str) -> str:
    if parent_meeting:
        text = _("Parent meeting on %(when)s: %(title)s") % {"when": starts, "title": title}
    else:
        text = _("Event on %(when)s: %(title)s") % {"when": starts, "title": title}
    return text[:MAX_TITLE]
