from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One change (or sensitive read) of domain data: who, when, from where, before → after.

    Written by services in the same transaction as the change they describe. `school` is the
    organization whose data changed (a school, or a municipality for tree-level changes).
    """

    class Action(models.TextChoices):
        CREATE = "create", _("создание")
        UPDATE = "update", _("изменение")
        DELETE = "delete", _("удаление")
        VIEW = "view", _("просмотр")
        LOGIN = "login", _("вход")
        LOGIN_FAILED = "login_failed", _("неудачный вход")
        LOGOUT = "logout", _("выход")
        PASSWORD_CHANGE = "password_change", _("смена пароля")

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("организация"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто"),
    )
    action = models.CharField(_("действие"), max_length=32, choices=Action.choices)
    object_type = models.CharField(_("тип объекта"), max_length=100)
    object_id = models.CharField(_("идентификатор объекта"), max_length=64, blank=True)
    object_repr = models.CharField(_("объект"), max_length=300, blank=True)
    before = models.JSONField(_("было"), null=True, blank=True)
    after = models.JSONField(_("стало"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-адрес"), null=True, blank=True)
    created_at = models.DateTimeField(_("когда"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("событие журнала изменений")
        verbose_name_plural = _("журнал изменений")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["school", "-created_at"], name="audit_school_time"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_repr}"
        )
