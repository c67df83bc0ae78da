from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThematicConfig(AppConfig):
    name = "parta.thematic"
    label = "thematic"
    verbose_name = _("Calendar-thematic plans")
