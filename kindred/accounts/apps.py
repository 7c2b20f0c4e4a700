from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kindred.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from kindred.accounts import signals

        signals.connect()
