from django.contrib import admin

from parta.curriculum.models import Subject


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin[Subject]):
    list_display = ("name", "short_name", "code", "school", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "short_name", "code")
