from django.contrib import admin

from kindred.audit.models import AuditEvent
from kindred.lib.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The log is append-only, in the admin as everywhere."""

    list_display = ["at", "action", "actor_label", "subject_label", "programme", "channel"]
    list_filter = ["action", "channel"]
    search_fields = ["actor_label", "subject_label", "target", "detail"]
