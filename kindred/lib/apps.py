from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "kindred.lib"
    label = "kindred_lib"
    verbose_name = "Kindred shared helpers"

    def ready(self) -> None:
        # Registers the <id:...> URL converter before any URLconf is loaded.
        from kindred.lib import cache, converters  # noqa: F401

        # One receiver per signal reads what each model's change invalidates.
        cache.connect()
