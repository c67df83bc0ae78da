"""Forms of announcements and events: they parse the input; the services validate it (the
audience, the window, the files) and name the field of a refusal."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parta.messaging import rules_announcements as rules
from parta.messaging.audience import scope_choices
from parta.messaging.choices import AudienceScope, EventKind
from parta.messaging.services.announcements import MAX_ATTACHMENTS

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (the services check each one)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [data] if data else []


def _local_widget() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


def local_input(value: datetime.datetime | None, school: Any) -> str:
    """An aware datetime as the value of a datetime-local input in the school's zone."""
    if value is None:
        return ""
    return timezone.localtime(value, ZoneInfo(school.timezone)).strftime(DATETIME_FORMAT)


class AudienceForm(forms.Form):
    """The audience fields shared by announcements and events."""

    scope = forms.ChoiceField(label=_("Audience"), choices=AudienceScope.choices)
    grade = forms.IntegerField(label=_("Grade"), required=False, min_value=1, max_value=11)
    school_class: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Class"), queryset=None, required=False
    )
    for_staff = forms.BooleanField(label=_("Staff"), required=False)
    for_students = forms.BooleanField(label=_("Students"), required=False)
    for_parents = forms.BooleanField(label=_("Parents"), required=False)

    def __init__(self, *args: Any, user: Any, school: Any, **kwargs: Any) -> None:
        self.school = school
        super().__init__(*args, **kwargs)
        whole_school = rules.publishes_to_whole_school(user, school)
        scope_field = self.fields["scope"]
        assert isinstance(scope_field, forms.ChoiceField)
        scope_field.choices = scope_choices(whole_school=whole_school)
        class_field = self.fields["school_class"]
        assert isinstance(class_field, forms.ModelChoiceField)
        class_field.queryset = rules.publishable_classes(user, school).order_by("grade", "letter")
        if not whole_school:
            del self.fields["for_staff"]
            del self.fields["grade"]
            self.initial.setdefault("scope", AudienceScope.CLASS)

    def audience(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "scope": data["scope"],
            "grade": data.get("grade"),
            "school_class": data.get("school_class"),
            "for_staff": bool(data.get("for_staff")),
            "for_students": bool(data.get("for_students")),
            "for_parents": bool(data.get("for_parents")),
        }

    def _aware(self, value: datetime.datetime | None) -> datetime.datetime | None:
        """A datetime-local value read in the school's time zone."""
        if value is None:
            return None
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        return timezone.make_aware(value, ZoneInfo(self.school.timezone))


class AnnouncementForm(AudienceForm):
    title = forms.CharField(label=pgettext_lazy("announcement", "Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))
    publish_from = forms.DateTimeField(
        label=_("Publish from"),
        required=False,
        widget=_local_widget(),
        input_formats=[DATETIME_FORMAT],
        help_text=_("Empty: now."),
    )
    publish_until = forms.DateTimeField(
        label=_("Publish until"),
        required=False,
        widget=_local_widget(),
        input_formats=[DATETIME_FORMAT],
        help_text=_("Empty: until it is deleted."),
    )
    attachments = MultipleFileField(
        label=_("Files"),
        help_text=_("Up to %(max)s files.") % {"max": MAX_ATTACHMENTS},
    )

    field_order = [
        "title",
        "body",
        "scope",
        "grade",
        "school_class",
        "for_staff",
        "for_students",
        "for_parents",
        "publish_from",
        "publish_until",
        "attachments",
    ]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "body": data["body"],
            "publish_from": self._aware(data.get("publish_from")),
            "publish_until": self._aware(data.get("publish_until")),
            "files": data.get("attachments") or [],
            **self.audience(),
        }


class EventForm(AudienceForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    title = forms.CharField(label=pgettext_lazy("announcement", "Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=_local_widget(), input_formats=[DATETIME_FORMAT]
    )
    ends_at = forms.DateTimeField(
        label=pgettext_lazy("event", "Ends"),
        required=False,
        widget=_local_widget(),
        input_formats=[DATETIME_FORMAT],
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    field_order = [
        "kind",
        "title",
        "starts_at",
        "ends_at",
        "place",
        "description",
        "scope",
        "grade",
        "school_class",
        "for_staff",
        "for_students",
        "for_parents",
    ]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"],
            "starts_at": self._aware(data.get("starts_at")),
            "ends_at": self._aware(data.get("ends_at")),
            "place": data.get("place") or "",
            "description": data.get("description") or "",
            **self.audience(),
        }
