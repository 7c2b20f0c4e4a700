from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "kindred.notifications"
    label = "notifications"
    verbose_name = "Notifications"
