"""The demo organisation's directory as SCIM would have pushed it: its
people known by the directory's ids, and three groups, two mapped by the
organisation admin and one not yet, so the admin's page shows both."""

from __future__ import annotations

from django.db.models import QuerySet

from kindred.accounts.models import User
from kindred.identity.models import ScimGroup, ScimPerson
from kindred.programs.models import Programme, Role


def build_directory(main: Programme, admin: User) -> int:
    """Returns how many people the directory holds; safe to run again."""
    people = User.objects.filter(is_active=True).exclude(scim__isnull=False)
    ScimPerson.objects.bulk_create(
        ScimPerson(user=person, user_name=person.email, external_id=f"emp-{person.pk:05d}")
        for person in people
    )
    mentors = User.objects.filter(memberships__programme=main, memberships__role=Role.MENTOR)
    _group("Kindred admins", User.objects.filter(pk=admin.pk), ScimGroup.Grant.ORG_ADMIN)
    _group(f"Mentors: {main.name}", mentors, ScimGroup.Grant.MENTOR, main)
    _group("Engineering", User.objects.filter(department="Engineering"))
    return ScimPerson.objects.count()


def _group(
    name: str, people: QuerySet[User], grants: str = "", programme: Programme | None = None
) -> None:
    group, _ = ScimGroup.objects.update_or_create(
        display_name=name, defaults={"grants": grants, "programme": programme}
    )
    group.members.set(ScimPerson.objects.filter(user__in=people))
