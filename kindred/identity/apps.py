from typing import Any

from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "kindred.identity"
    label = "identity"
    verbose_name = "Identity providers"

    def ready(self) -> None:
        from kindred.accounts import sign_in_rules
        from kindred.identity import selectors
        from kindred.programs.events import people_joined

        # Passwords and password resets are refused for people whose
        # organisation signs them in through a provider (kindred.accounts
        # cannot know about providers: it sits below this app).
        sign_in_rules.register(selectors.password_refusal)
        # People an import enrols are welcomed once (kindred.programs.events).
        people_joined.connect(_welcome, dispatch_uid="identity-welcome-new-people")


def _welcome(sender: Any, people: list[int], **kwargs: Any) -> None:
    from kindred.lib.jobs import run_later

    run_later(WELCOME_TASK, list(people))


WELCOME_TASK = "kindred.identity.tasks.welcome_people"
