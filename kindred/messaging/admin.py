from django.contrib import admin

from kindred.messaging.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Staff see that messages exist and when, for support; the bodies are
    the pair's own and are not shown here."""

    list_display = ["relationship", "sender", "sent_at"]
    fields = ("relationship", "sender", "sent_at")
    readonly_fields = fields

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
