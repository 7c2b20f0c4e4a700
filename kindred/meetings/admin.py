from django.contrib import admin

from kindred.meetings.models import Meeting, Reschedule


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    # Why a meeting was cancelled, and the warnings naming a person's
    # boundaries, are the pair's own.
    exclude = ["cancel_reason", "soft_warnings"]
    list_display = ["relationship", "start", "status", "sequence", "late_cancellation"]
    list_filter = ["status"]
    raw_id_fields = [
        "relationship",
        "proposed_by",
        "initiated_by",
        "cancelled_by",
        "absent",
        "late_arrival",
    ]


@admin.register(Reschedule)
class RescheduleAdmin(admin.ModelAdmin):
    list_display = ["meeting", "by", "at", "from_start", "to_start"]
    raw_id_fields = ["meeting", "by"]
