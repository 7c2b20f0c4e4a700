from django.contrib import admin

from kindred.commitments.models import Commitment


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["text", "owner", "due_date", "status", "prompted"]
    list_filter = ["status", "prompted"]
    raw_id_fields = ["relationship", "owner", "meeting", "created_by", "dropped_by"]
