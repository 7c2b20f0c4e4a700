from django.apps import AppConfig
from django.db.models.signals import post_save


class MeetingsConfig(AppConfig):
    name = "kindred.meetings"
    label = "meetings"
    verbose_name = "Meetings"

    def ready(self) -> None:
        from kindred.meetings.receivers import revoke_room_of_ended
        from kindred.relationships.models import Relationship

        post_save.connect(revoke_room_of_ended, sender=Relationship, dispatch_uid="revoke-room")
