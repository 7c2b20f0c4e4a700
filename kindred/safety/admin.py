from typing import Any

from django.contrib import admin

from kindred.safety.models import CaseAudit


@admin.register(CaseAudit)
class CaseAuditAdmin(admin.ModelAdmin):
    """Read-only: the trail is appended to by the case workflow alone.
    Reports and check-ins are not in the admin at all (confidential)."""

    list_display = ["report", "actor", "action", "at"]
    readonly_fields = ("report", "actor", "action", "detail", "at")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
