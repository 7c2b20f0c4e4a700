from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class AccountsConfig(AppConfig):
    name = "kindred.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from kindred.accounts import role_trail, signals  # noqa: F401  (role_trail connects on import)
        from kindred.lib import cache

        signals.connect()
        # A change to an account invalidates what is cached for that person.
        cache.register("accounts.User", lambda row: [row.pk])
        # Each app declares what it holds about a person (kindred.accounts.data_rights).
        autodiscover_modules("personal_data")
