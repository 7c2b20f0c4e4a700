from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "kindred.programs"
    label = "programs"
    verbose_name = "Programmes"

    def ready(self) -> None:
        from kindred.programs import role_trail  # noqa: F401  (its receivers connect on import)
