from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "kindred.profiles"
    label = "profiles"
    verbose_name = "Deep-level profiles"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from kindred.accounts.models import User
        from kindred.notifications.timing import read_calendars_with
        from kindred.profiles.receivers import (
            give_a_new_account_a_profile,
            give_new_people_a_profile,
        )
        from kindred.profiles.selectors import calendar_of
        from kindred.programs.events import people_joined

        people_joined.connect(give_new_people_a_profile, dispatch_uid="profiles-for-new-people")
        post_save.connect(
            give_a_new_account_a_profile, sender=User, dispatch_uid="profiles-for-new-accounts"
        )

        # E-mail waits for the quiet hours a person set in their profile.
        read_calendars_with(lambda user, around: calendar_of(user, around=around))
