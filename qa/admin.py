from django.contrib import admin

from qa.models import Question


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["committee", "asked_at", "answered_at", "is_public"]
    list_filter = ["is_public"]
    raw_id_fields = ["asker", "committee", "answered_by"]
