from typing import Any

from django.contrib import admin

from kindred.safety.models import CaseAudit
from kindred.safety.policies import case_ids_handled_by


@admin.register(CaseAudit)
class CaseAuditAdmin(admin.ModelAdmin):
    """Read-only: the trail is appended to by the case workflow alone.
    Reports and check-ins are not in the admin at all (confidential), and
    the trail lists only cases the reader handles."""

    list_display = ["report", "actor", "action", "at"]
    readonly_fields = ("report", "actor", "action", "detail", "at")

    def get_queryset(self, request: Any) -> Any:
        # A case's trail names who reported and who looked: only those who
        # handle the case may read it, superusers included.
        rows = super().get_queryset(request)
        return rows.filter(report__in=case_ids_handled_by(request.user))

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
