"""Invitations: made and revoked by a programme's managers, accepted by
the people they invite, with or without an account yet."""

from __future__ import annotations

import datetime as dt

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from kindred.accounts.models import User, normalise_email
from kindred.accounts.services import user_sign_up
from kindred.lib import logs
from kindred.lib.errors import Conflict, InvalidInput, NotFound
from kindred.notifications.services import notify, notify_address
from kindred.programs import events
from kindred.programs.messages import (
    InvitationConfirm,
    InvitationExistingAccount,
    Welcome,
)
from kindred.programs.models import Invitation, Membership, Programme, Role
from kindred.programs.policies import require_programme_manager
from kindred.programs.selectors import SIGN_UP_SALT, invitation_sign_up_address


@logs.logged
@transaction.atomic
def invitation_create(
    *, actor: User, programme: Programme, role: str, days_valid: int = 30, note: str = ""
) -> Invitation:
    require_programme_manager(actor, programme, "invite people to it")
    if role not in Role.values:
        raise InvalidInput("Role must be mentor or mentee.", errors=[{"field": "role"}])
    if not 1 <= days_valid <= 365:
        raise InvalidInput("An invitation lasts 1 to 365 days.", errors=[{"field": "days_valid"}])
    return Invitation.objects.create(
        programme=programme,
        role=role,
        note=note.strip()[:120],
        created_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=days_valid),
    )


@logs.logged
@transaction.atomic
def invitation_revoke(*, actor: User, programme: Programme, invitation_id: int) -> Invitation:
    require_programme_manager(actor, programme, "revoke its invitations")
    invitation = programme.invitations.select_for_update().filter(pk=invitation_id).first()
    if invitation is None:
        raise NotFound("No such invitation.")
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


@logs.logged
@transaction.atomic
def invitation_accept(*, actor: User, invitation: Invitation) -> Membership:
    """Enrol the user with the invitation's role; following the same link
    twice is harmless, but it never changes a role the person already holds."""
    if not invitation.is_usable():
        raise NotFound("This invitation link is not valid any more.")
    membership = Membership.objects.filter(programme=invitation.programme, user=actor).first()
    if membership is not None:
        if membership.role != invitation.role:
            raise Conflict(
                f"You already take part in {invitation.programme} as a "
                f"{membership.get_role_display().lower()}."
            )
        return membership
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                programme=invitation.programme,
                user=actor,
                role=invitation.role,
                source=Membership.Source.INVITATION,
            )
    except IntegrityError as exc:  # a concurrent accept of the same link won
        raise Conflict("You have just been enrolled; reload the page.") from exc
    events.people_joined.send(sender=Membership, people=[actor.pk])
    Invitation.objects.filter(pk=invitation.pk).update(use_count=F("use_count") + 1)
    _welcome(membership)
    return membership


def invitation_sign_up_request(*, invitation: Invitation, email: str) -> None:
    """E-mail `email` the link that proves it, or, when it already has an
    account, how to join with that account."""
    email = normalise_email(email)
    existing = User.objects.filter(email=email, is_active=True).first()
    stamp = int(timezone.now().timestamp())
    if existing is not None:
        notify(
            recipient=existing,
            message=InvitationExistingAccount(invitation=invitation.pk),
            key=f"invitation-sign-up:{invitation.pk}:{existing.pk}:{stamp}",
            urgent=True,
            digest=False,
        )
        return
    signed = signing.dumps({"e": email, "i": invitation.token}, salt=SIGN_UP_SALT)
    notify_address(
        address=email,
        message=InvitationConfirm(invitation=invitation.pk, signed=signed),
        key=f"invitation-sign-up:{invitation.pk}:{email}:{stamp}",
    )


@transaction.atomic
def invitation_sign_up(
    *, invitation: Invitation, signed: str, full_name: str, password: str
) -> Membership:
    """Make the account for the address the link proved, and enrol it."""
    email = invitation_sign_up_address(invitation=invitation, signed=signed)
    user = user_sign_up(email=email, full_name=full_name, password=password)
    return invitation_accept(actor=user, invitation=invitation)


def _welcome(membership: Membership) -> None:
    notify(
        recipient=membership.user,
        message=Welcome(membership=membership.pk),
        key=f"welcome:{membership.pk}",
    )
