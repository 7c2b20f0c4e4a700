from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "kindred.calendars"
    label = "calendars"
    verbose_name = "Calendars"
