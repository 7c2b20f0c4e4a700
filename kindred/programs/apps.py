from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "kindred.programs"
    label = "programs"
    verbose_name = "Programmes"

    def ready(self) -> None:
        from kindred.lib import cache
        from kindred.programs import role_trail  # noqa: F401  (its receivers connect on import)
        from kindred.programs.models import Membership

        # What is cached for a programme is cached for each of its members.
        cache.members_with(
            lambda programmes: (
                Membership.objects.filter(programme_id__in=programmes)
                .values_list("user_id", flat=True)
                .distinct()
            )
        )
