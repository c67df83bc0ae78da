"""Input shapes of the message pages: the list's search, the compose form, the reply form.
Files are read from `request.FILES.getlist("files")` by the views; the services check them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parta.messaging.selectors_messages import SHOW_CHOICES, SHOW_INBOX


class ThreadSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("inbox", _("Inbox")),
            ("unread", _("Unread")),
            ("archived", _("Archived")),
            ("all", _("All")),
        ],
    )

    def values(self) -> tuple[str, str]:
        """The search text and the filter (the inbox when the input is not valid)."""
        if not self.is_valid():
            return "", SHOW_INBOX
        show = self.cleaned_data.get("show") or SHOW_INBOX
        return self.cleaned_data.get("q", "").strip(), show if show in SHOW_CHOICES else SHOW_INBOX


def id_list(values: list[str]) -> list[int]:
    """The integer ids among `values` (others are dropped), in order, without repeats."""
    ids: list[int] = []
    for value in values:
        try:
            pk = int(value)
        except (TypeError, ValueError):
            continue
        if pk > 0 and pk not in ids:
            ids.append(pk)
    return ids


class ComposeForm(forms.Form):
    subject = forms.CharField(label=pgettext_lazy("message", "Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10_000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].widget.attrs["autocomplete"] = "off"


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Reply"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000
    )
