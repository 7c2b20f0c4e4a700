from django.contrib import admin

from kindred.meetings.models import Meeting


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["relationship", "start", "status", "sequence", "late_cancellation"]
    list_filter = ["status"]
    raw_id_fields = ["relationship", "proposed_by", "cancelled_by", "absent", "late_arrival"]
