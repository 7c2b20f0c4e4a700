from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "kindred.programs"
    label = "programs"
    verbose_name = "Programmes"

    def ready(self) -> None:
        from kindred.programs import role_trail, signals  # noqa: F401  (role_trail's receivers connect on import)

        signals.connect()
