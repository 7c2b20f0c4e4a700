from django.apps import AppConfig
from django.db.models.signals import post_save


class MeetingsConfig(AppConfig):
    name = "kindred.meetings"
    label = "meetings"
    verbose_name = "Meetings"

    def ready(self) -> None:
        from kindred.calendars.copies import provide
        from kindred.meetings.calendar_copies import meeting_copies
        from kindred.meetings.receivers import after_relationship_ends
        from kindred.relationships.models import Relationship

        post_save.connect(after_relationship_ends, sender=Relationship, dispatch_uid="revoke-room")
        provide(meeting_copies)
