from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "parta.api"
    label = "api"
    verbose_name = "API"
