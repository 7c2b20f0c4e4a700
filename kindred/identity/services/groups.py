"""Directory groups: the SCIM groups a directory pushes, and what an
organisation admin maps each to (the organisation-admin role, or a role in
one programme).

Joining a mapped group grants its role at once. Leaving one withdraws the
organisation-admin and manager roles, unless another group still grants
them or the person is the break-glass superuser; a mentor or mentee stays
enrolled, because leaving a programme ends relationships, which is a
manager's decision and never a side effect of a directory group."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from kindred.accounts.models import User
from kindred.identity.models import ScimGroup, ScimPerson
from kindred.identity.policies import require_identity_admin
from kindred.identity.scim_groups import GroupValues
from kindred.lib import logs
from kindred.lib.errors import Conflict, InvalidInput, NotFound
from kindred.programs.models import Membership, Programme
from kindred.programs.services import membership_enrol

Grant = tuple[str, int | None]  # (ScimGroup.Grant, programme id)


@logs.logged
@transaction.atomic
def scim_group_create(*, actor: User, values: GroupValues) -> ScimGroup:
    require_identity_admin(actor)
    _refuse_taken_name(values.display_name)
    group = ScimGroup.objects.create(
        display_name=values.display_name, external_id=values.external_id
    )
    group.members.set(_records(values.members))
    return group


@logs.logged
@transaction.atomic
def scim_group_update(*, actor: User, group: ScimGroup, values: GroupValues) -> ScimGroup:
    """The group as the directory now describes it; people who joined get
    what it grants, people who left lose what only it granted."""
    require_identity_admin(actor)
    group = ScimGroup.objects.select_for_update().get(pk=group.pk)
    _refuse_taken_name(values.display_name, but=group)
    before = set(group.members.values_list("user_id", flat=True))
    group.display_name, group.external_id = values.display_name, values.external_id
    group.updated_at = timezone.now()
    group.save()
    group.members.set(_records(values.members))
    after = set(group.members.values_list("user_id", flat=True))
    _give(group.grant, after - before)
    _withdraw(group.grant, before - after)
    return group


@logs.logged
@transaction.atomic
def scim_group_delete(*, actor: User, group: ScimGroup) -> None:
    require_identity_admin(actor)
    members = set(group.members.values_list("user_id", flat=True))
    grant = group.grant
    group.delete()
    _withdraw(grant, members)


@logs.logged
@transaction.atomic
def scim_group_map(
    *, actor: User, group_id: int, grants: str, programme: Programme | None
) -> ScimGroup:
    """What membership of a directory group grants, set by an organisation
    admin: members lose the old grant (where nothing else gives it) and
    get the new one."""
    require_identity_admin(actor)
    group = ScimGroup.objects.select_for_update().filter(pk=group_id).first()
    if group is None:
        raise NotFound("No such directory group.")
    if grants not in ScimGroup.Grant.values:
        raise InvalidInput("Choose what the group grants.")
    if grants in ScimGroup.PROGRAMME_GRANTS and programme is None:
        raise InvalidInput("Choose the programme this group grants a role in.")
    old = group.grant
    group.grants = grants
    group.programme = programme if grants in ScimGroup.PROGRAMME_GRANTS else None
    group.save(update_fields=["grants", "programme"])
    if group.grant != old:
        members = set(group.members.values_list("user_id", flat=True))
        _withdraw(old, members)
        _give(group.grant, members)
    return group


def _refuse_taken_name(name: str, but: ScimGroup | None = None) -> None:
    taken = ScimGroup.objects.filter(display_name__iexact=name)
    if but is not None:
        taken = taken.exclude(pk=but.pk)
    if taken.exists():
        raise Conflict(f"A group named {name} is already provisioned.")


def _records(scim_ids: Iterable[str]) -> list[ScimPerson]:
    return list(ScimPerson.objects.filter(scim_id__in=list(scim_ids)))


def _give(grant: Grant, people: set[int]) -> None:
    grants, programme_id = grant
    if not grants or not people:
        return
    active = User.objects.filter(pk__in=people, is_active=True)
    if grants == ScimGroup.Grant.ORG_ADMIN:
        _set_org_admin(active.filter(is_org_admin=False), True)
        return
    programme = Programme.objects.get(pk=_required(programme_id))
    if grants == ScimGroup.Grant.MANAGER:
        programme.managers.add(*active)
    elif not programme.is_closed:  # a closed programme takes nobody new
        for person in active:
            membership_enrol(
                programme=programme, person=person, role=grants,
                source=Membership.Source.DIRECTORY,
            )  # fmt: skip


def _withdraw(grant: Grant, people: set[int]) -> None:
    grants, programme_id = grant
    if grants not in (ScimGroup.Grant.ORG_ADMIN, ScimGroup.Grant.MANAGER) or not people:
        return
    same_grant = ScimGroup.objects.filter(grants=grants)
    if programme_id is not None:
        same_grant = same_grant.filter(programme_id=programme_id)
    still_granted = set(
        same_grant.filter(members__user_id__in=people).values_list("members__user_id", flat=True)
    )
    losing = User.objects.filter(pk__in=people - still_granted)
    if grants == ScimGroup.Grant.ORG_ADMIN:
        _set_org_admin(losing.filter(is_org_admin=True, is_superuser=False), False)
    else:
        Programme.objects.get(pk=_required(programme_id)).managers.remove(*losing)


def _required(programme_id: int | None) -> int:
    if programme_id is None:  # ScimGroup.grant names one with every programme role
        raise NotFound("The group's programme no longer exists.")
    return programme_id


def _set_org_admin(people: Iterable[User], value: bool) -> None:
    for person in people:  # one by one: each change is on the audit trail
        person.is_org_admin = value
        person.save(update_fields=["is_org_admin"])
