from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A login. The person behind it (name, birth date, СНИЛС) is `people.Person.user`."""

    must_change_password = models.BooleanField(
        _("сменить пароль при входе"),
        default=False,
        help_text=_("Пользователь должен сменить пароль при следующем входе."),
    )
    is_locked = models.BooleanField(
        _("заблокирован"),
        default=False,
        help_text=_("Заблокированный пользователь не может войти."),
    )
    last_school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("последняя выбранная организация"),
    )

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")

    def __str__(self) -> str:
        return self.username
