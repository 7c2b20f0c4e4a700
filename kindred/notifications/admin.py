from django.contrib import admin

from kindred.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Delivery, for support: to whom, what kind, when and how it went. What
    an e-mail says (a reset link, a calendar file, a partner's news) is the
    recipient's and is not shown here."""

    exclude = ["body", "payload", "params", "mentions"]
    list_display = ["kind", "recipient", "state", "earliest_send_at", "attempts", "sent_at"]
    list_filter = ["state", "kind", "urgent"]
    search_fields = ["idempotency_key", "recipient__email", "subject"]
    raw_id_fields = ["recipient"]
    readonly_fields = ["idempotency_key", "claimed_by", "claimed_at", "sent_at", "last_error"]
