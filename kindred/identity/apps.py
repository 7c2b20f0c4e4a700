from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "kindred.identity"
    label = "identity"
    verbose_name = "Identity providers"

    def ready(self) -> None:
        from kindred.accounts import sign_in_rules
        from kindred.identity import selectors

        # Passwords and password resets are refused for people whose
        # organisation signs them in through a provider (kindred.accounts
        # cannot know about providers: it sits below this app).
        sign_in_rules.register(selectors.password_refusal)
