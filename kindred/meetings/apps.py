from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "kindred.meetings"
    label = "meetings"
    verbose_name = "Meetings"
