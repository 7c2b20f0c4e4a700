"""Invitations: made and revoked by a programme's managers, accepted by
the people they invite, with or without an account yet."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kindred.accounts import sign_in_rules
from kindred.accounts.models import User, normalise_email
from kindred.accounts.services import user_sign_up
from kindred.lib import logs
from kindred.lib.errors import Conflict, Forbidden, InvalidInput, NotFound
from kindred.lib.text import one_line
from kindred.notifications.services import notify, notify_address
from kindred.programs import events
from kindred.programs.messages import (
    InvitationConfirm,
    InvitationExistingAccount,
    PersonalInvitation,
    Welcome,
)
from kindred.programs.models import EmailInvitation, Invitation, Membership, Programme, Role
from kindred.programs.policies import require_programme_manager
from kindred.programs.selectors import SIGN_UP_SALT, invitation_sign_up_address


@logs.logged
@transaction.atomic
def invitation_create(
    *, actor: User, programme: Programme, role: str, days_valid: int = 30, note: str = ""
) -> Invitation:
    require_programme_manager(actor, programme, gettext_noop("invite people to it"))
    if role not in Role.values:
        raise InvalidInput(_("Role must be mentor or mentee."), errors=[{"field": "role"}])
    if not 1 <= days_valid <= 365:
        raise InvalidInput(
            _("An invitation lasts 1 to 365 days."), errors=[{"field": "days_valid"}]
        )
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
    require_programme_manager(actor, programme, gettext_noop("revoke its invitations"))
    invitation = programme.invitations.select_for_update().filter(pk=invitation_id).first()
    if invitation is None:
        raise NotFound(_("No such invitation."))
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
        raise NotFound(_("This invitation link is not valid any more."))
    membership = Membership.objects.filter(programme=invitation.programme, user=actor).first()
    if membership is not None:
        if membership.role != invitation.role:
            raise Conflict(
                _("You already take part in %(programme)s as a %(get_role_display)s.")
                % {
                    "programme": invitation.programme,
                    "get_role_display": membership.get_role_display(),
                }
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
        raise Conflict(_("You have just been enrolled; reload the page.")) from exc
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


# --- invitations e-mailed to people, tracked -------------------------------------

MAX_EMAILS = 500
REMIND_AFTER = dt.timedelta(days=7)


@logs.logged
@transaction.atomic
def email_invitations_send(
    *, actor: User, programme: Programme, emails: list[str], role: str
) -> list[EmailInvitation]:
    """E-mail each address its own invitation, all or nothing: one address
    that is not an address refuses the whole list. An address already
    invited, or already taking part, is skipped."""
    require_programme_manager(actor, programme, gettext_noop("invite people to it"))
    if role not in Role.values:
        raise InvalidInput.on("role", _("Choose mentor or mentee."))
    addresses = _addresses(emails)
    people = {u.email: u for u in User.objects.filter(email__in=addresses, is_active=True)}
    members = set(programme.memberships.filter(user__last_login__isnull=False).values_list(
        "user__email", flat=True
    ))  # fmt: skip
    return _invite(actor, programme, [
        (email, role, people.get(email)) for email in addresses if email not in members
    ])  # fmt: skip


@logs.logged
@transaction.atomic
def email_invitations_send_imported(*, actor: User, programme: Programme) -> list[EmailInvitation]:
    """Tell everyone imported into the programme who has never signed in
    that they are in it, each in the role the import gave them."""
    require_programme_manager(actor, programme, gettext_noop("invite people to it"))
    waiting = programme.memberships.filter(
        user__last_login__isnull=True, user__is_active=True
    ).select_related("user")
    return _invite(actor, programme, [(m.user.email, m.role, m.user) for m in waiting])


def _addresses(emails: list[str]) -> list[str]:
    found = list(dict.fromkeys(normalise_email(e) for e in emails if e.strip()))
    if not found:
        raise InvalidInput.on("emails", _("Give at least one e-mail address."))
    if len(found) > MAX_EMAILS:
        raise InvalidInput.on(
            "emails", _("Invite at most %(emails)s people at a time.") % {"emails": MAX_EMAILS}
        )
    wrong = []
    for email in found:
        try:
            validate_email(email)
        except ValidationError:
            wrong.append(email)
    if wrong:
        shown = ", ".join(one_line(w)[:80] for w in wrong[:5])
        raise InvalidInput.on(
            "emails",
            _("These are not e-mail addresses: %(shown)s. Nothing was sent.") % {"shown": shown},
        )
    return found


def _invite(
    actor: User, programme: Programme, wanted: list[tuple[str, str, User | None]]
) -> list[EmailInvitation]:
    invited = set(programme.email_invitations.values_list("email", flat=True))
    made = []
    for email, role, person in wanted:
        if email in invited:
            continue
        invitation = EmailInvitation.objects.create(
            programme=programme, email=email, role=role, person=person, created_by=actor
        )
        _send(invitation, reminder=False)
        made.append(invitation)
    return made


def _send(invitation: EmailInvitation, *, reminder: bool) -> None:
    message = PersonalInvitation(invitation=invitation.pk, reminder=reminder)
    key = f"personal-invitation:{invitation.pk}:{'reminder' if reminder else 'first'}"
    if invitation.person is not None:
        notify(recipient=invitation.person, message=message, key=key, urgent=True, digest=False)
    else:
        notify_address(address=invitation.email, message=message, key=key)


def email_invitation_opened(*, invitation: EmailInvitation) -> None:
    """The link was followed: the first time is kept."""
    EmailInvitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
        opened_at=timezone.now()
    )


@logs.logged
@transaction.atomic
def email_invitation_join(
    *,
    invitation: EmailInvitation,
    actor: User | None = None,
    full_name: str = "",
    password: str = "",
) -> User:
    """Join through the e-mailed link, which proves the address: a new
    person makes their account; an imported person, who has one but never
    used it, chooses its password; anyone with a password signs in first and
    is `actor`. The programme's membership follows, once."""
    invitation = EmailInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable():
        raise NotFound(_("This invitation has been used or has expired."))
    person = invitation.person or User.objects.filter(email=invitation.email).first()
    if person is None:
        person = user_sign_up(email=invitation.email, full_name=full_name, password=password)
    elif person.has_usable_password():
        if actor is None or actor.pk != person.pk:
            raise Forbidden(_("Sign in as the person invited to join with this link."))
    else:
        _first_password(person, password)
    _enrol(invitation, person)
    invitation.person, invitation.joined_at = person, timezone.now()
    invitation.save(update_fields=["person", "joined_at"])
    return person


def _first_password(person: User, password: str) -> None:
    sign_in_rules.require_password_allowed(person.email)
    try:
        validate_password(password, person)
    except ValidationError as exc:
        raise InvalidInput(
            " ".join(exc.messages),
            errors=[{"field": "password", "message": m} for m in exc.messages],
        ) from exc
    person.set_password(password)
    person.email_verified = True
    person.save(update_fields=["password", "email_verified"])


def _enrol(invitation: EmailInvitation, person: User) -> None:
    membership_enrol(
        programme=invitation.programme,
        person=person,
        role=invitation.role,
        source=Membership.Source.INVITATION,
    )


def membership_enrol(
    *, programme: Programme, person: User, role: str, source: str
) -> Membership | None:
    """Make `person` a member once, welcomed and counted as joined; None
    when they already were (their role stays what the programme has)."""
    membership, made = Membership.objects.get_or_create(
        programme=programme, user=person, defaults={"role": role, "source": source}
    )
    if not made:
        return None
    events.people_joined.send(sender=Membership, people=[person.pk])
    _welcome(membership)
    return membership


def email_invitations_remind(*, now: dt.datetime | None = None) -> int:
    """Remind, once, everyone invited a week ago or more who has not joined
    and whose invitation still works. Returns how many were reminded."""
    now = now or timezone.now()
    due = EmailInvitation.objects.filter(
        joined_at__isnull=True,
        reminded_at__isnull=True,
        sent_at__lte=now - REMIND_AFTER,
        expires_at__gt=now,
    ).select_related("person")
    reminded = 0
    for invitation in due:
        with transaction.atomic():
            if EmailInvitation.objects.filter(pk=invitation.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                _send(invitation, reminder=True)
                reminded += 1
    return reminded
