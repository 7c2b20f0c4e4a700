from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class NotificationsConfig(AppConfig):
    name = "kindred.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        # Each app's kinds of e-mail, so a row queued by any of them can be
        # rendered again (after an erasure) by its kind.
        autodiscover_modules("messages")
        from kindred.lib import cache

        # The bell's count is cached with the rest of what a person sees; a
        # new row is news to its recipient (bulk updates invalidate by hand).
        cache.register(
            "notifications.Notification",
            lambda row: [row.recipient_id] if row.recipient_id else [],
        )
