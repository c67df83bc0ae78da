from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "parta.bench"
    label = "bench"
    verbose_name = "Benchmarks"
