from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A login. The person behind it (name, birth date, СНИЛС) is `people.Person.user`."""

    must_change_password = models.BooleanField(
        _("change password at login"),
        default=False,
        help_text=_("The user must change the password at the next login."),
    )
    is_locked = models.BooleanField(
        _("locked"),
        default=False,
        help_text=_("A locked user cannot log in."),
    )
    last_school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last chosen organization"),
    )
    #: the bell's number, kept by `messaging.notify.counts.refresh_unread` whenever the user's
    #: notifications change, so that no page pays a query for it
    unread_notifications = models.PositiveIntegerField(
        _("unread notifications"), default=0, editable=False
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.username
