from django.contrib import admin

from kindred.commitments.models import Commitment
from kindred.lib.admin import ReadOnlyAdmin


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    """Staff see that commitments exist, whose and when due, for support;
    what a commitment says is the pair's own and is not shown here."""

    list_display = ["relationship", "owner", "due_date", "status", "prompted"]
    list_filter = ["status", "prompted"]
    exclude = ["text"]
