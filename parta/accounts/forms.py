from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from parta.accounts import throttling
from parta.core.context import client_ip


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong login or password. Check the keyboard layout and Caps Lock."),
        "inactive": _("The account is disabled. Contact the school administrator."),
        "throttled": _("Too many failed login attempts. Wait a few minutes and try again."),
    }

    username = forms.CharField(
        label=_("Login"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        ip = client_ip(self.request) if self.request is not None else None
        if username and throttling.is_throttled(username, ip):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            if username:
                throttling.register_failure(username, ip)
            raise

    def confirm_login_allowed(self, user: Any) -> None:
        if getattr(user, "is_locked", False) or not user.is_active:
            raise forms.ValidationError(self.error_messages["inactive"], code="inactive")


class SchoolChoiceForm(forms.Form):
    school = forms.IntegerField(widget=forms.HiddenInput)
