from django.contrib import admin

from training.models import TrainingRecord, TrainingRule


@admin.register(TrainingRule)
class TrainingRuleAdmin(admin.ModelAdmin):
    list_display = ["series", "hours_per_year", "years"]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin):
    list_display = ["applicant", "unit", "year", "category", "hours", "status"]
    list_filter = ["status", "category"]
    raw_id_fields = ["applicant", "unit", "reviewed_by"]
    exclude = ["evidence"]
