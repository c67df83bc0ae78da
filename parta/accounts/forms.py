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
        "locked": _("The account is locked. Contact the school administrator."),
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
            if username and self._is_locked_with_right_password(username):
                raise forms.ValidationError(
                    self.error_messages["locked"], code="inactive"
                ) from None
            if username:
                throttling.register_failure(username, ip)
            raise

    def _is_locked_with_right_password(self, username: str) -> bool:
        """A locked (or disabled) account is told so, but only to whoever knows its password:
        a wrong password gets the usual message, so locking reveals nothing."""
        from parta.accounts.models import User

        user = User.objects.filter(username=username.strip()).first()
        password = self.cleaned_data.get("password") or ""
        return (
            user is not None
            and (user.is_locked or not user.is_active)
            and user.check_password(password)
        )

    def confirm_login_allowed(self, user: Any) -> None:
        if getattr(user, "is_locked", False) or not user.is_active:
            raise forms.ValidationError(self.error_messages["inactive"], code="inactive")


class SchoolChoiceForm(forms.Form):
    school = forms.IntegerField(widget=forms.HiddenInput)
