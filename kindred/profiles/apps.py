from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "kindred.profiles"
    label = "profiles"
    verbose_name = "Deep-level profiles"

    def ready(self) -> None:
        from kindred.notifications.timing import read_calendars_with
        from kindred.profiles.receivers import give_new_people_a_profile
        from kindred.profiles.selectors import calendar_of
        from kindred.programs.events import people_joined

        people_joined.connect(give_new_people_a_profile, dispatch_uid="profiles-for-new-people")

        # E-mail waits for the quiet hours a person set in their profile.
        read_calendars_with(lambda user, around: calendar_of(user, around=around))
