from django.urls import URLPattern, URLResolver

app_name = "thematic"

urlpatterns: list[URLPattern | URLResolver] = []
