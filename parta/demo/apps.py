from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "parta.demo"
    label = "demo"
    verbose_name = "Demo data"
