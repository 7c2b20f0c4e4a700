"""Background work for identity, run by `manage.py db_worker`."""

from __future__ import annotations

from kindred.lib.jobs import task


@task()
def welcome_people(people: list[int]) -> int:
    """The welcome e-mails for accounts an import or the directory made:
    after the commit, so a 10,000-row import is not slowed by rendering
    10,000 e-mails inside its transaction."""
    from kindred.identity.services import welcome_made_accounts

    return welcome_made_accounts(people=people)
