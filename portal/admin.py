from django.contrib import admin

from portal.models import Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "region", "committee", "published_at"]
    list_filter = ["kind"]
    raw_id_fields = ["author", "committee", "region"]
