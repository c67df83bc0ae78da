from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiaryConfig(AppConfig):
    name = "parta.diary"
    label = "diary"
    verbose_name = _("Diary")
