from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kindred.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from kindred.accounts import role_trail, signals  # noqa: F401  (role_trail's receivers connect on import)

        signals.connect()
