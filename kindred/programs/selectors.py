"""Reads for programmes and the access rules every view and endpoint shares.

Visibility: an organisation admin sees everything; a programme manager sees
their programmes and the people in them; a participant sees the programmes
they belong to and themself. Anything a caller may not see is reported as
not found, so its existence does not leak."""

from __future__ import annotations

import datetime as dt

from django.core import signing
from django.db.models import Count, Q, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.lib.errors import Forbidden, NotFound
from kindred.programs.models import EmailInvitation, Invitation, Membership, Programme, Role


def programmes_visible_to(user: User) -> QuerySet[Programme]:
    programmes = Programme.objects.all()
    if user.is_org_admin:
        return programmes
    return programmes.filter(
        Q(pk__in=user.managed_programmes.values("pk"))
        | Q(pk__in=user.memberships.values("programme"))
    )


def programmes_managed_by(user: User) -> QuerySet[Programme]:
    if user.is_org_admin:
        return Programme.objects.all()
    return user.managed_programmes.all()


def programmes_with_counts(queryset: QuerySet[Programme]) -> QuerySet[Programme]:
    return queryset.annotate(
        mentor_count=Count("memberships", filter=Q(memberships__role=Role.MENTOR), distinct=True),
        mentee_count=Count("memberships", filter=Q(memberships__role=Role.MENTEE), distinct=True),
        intake_done_count=Count(
            "memberships",
            filter=Q(memberships__user__profile__intake_completed_at__isnull=False),
            distinct=True,
        ),
    )


def can_manage(user: User, programme: Programme) -> bool:
    return user.is_org_admin or programme.managers.filter(pk=user.pk).exists()


def programme_for_viewer(user: User, slug: str) -> Programme:
    programme = programmes_visible_to(user).filter(slug=slug).first()
    if programme is None:
        raise NotFound(_("No such programme."))
    return programme


def programme_for_manager(user: User, slug: str) -> Programme:
    """The programme if the user manages it; participants learn they may not."""
    programme = programme_for_viewer(user, slug)
    if not can_manage(user, programme):
        raise Forbidden(_("Only this programme's managers can do that."))
    return programme


def memberships_of(user: User) -> list[Membership]:
    """The person's memberships with their programmes."""
    return list(Membership.objects.filter(user=user).select_related("programme"))


def in_reverse_programme(user: User) -> bool:
    """Whether the person mentors or is mentored in a reverse programme."""
    return Membership.objects.filter(user=user, programme__format=Programme.Format.REVERSE).exists()


def membership_of(user: User, programme: Programme) -> Membership | None:
    return Membership.objects.filter(user=user, programme=programme).first()


def people_visible_to(viewer: User) -> QuerySet[User]:
    people = User.objects.filter(is_active=True)
    if viewer.is_org_admin:
        return people
    managed = viewer.managed_programmes.values("pk")
    return people.filter(Q(pk=viewer.pk) | Q(memberships__programme__in=managed)).distinct()


def person_for_viewer(viewer: User, person_id: int) -> User:
    person = people_visible_to(viewer).filter(pk=person_id).first()
    if person is None:
        raise NotFound(_("No such person."))
    return person


def participants(
    programme: Programme,
    *,
    search: str = "",
    role: str = "",
    intake: str = "",
    signed_in: str = "",
) -> QuerySet[Membership]:
    """Memberships with their person and profile, for the manager's list;
    `signed_in` "never" finds the imported and provisioned people who have
    not come in yet."""
    memberships = Membership.objects.filter(programme=programme).select_related(
        "user", "user__profile"
    )
    if search:
        memberships = memberships.filter(
            Q(user__full_name__icontains=search)
            | Q(user__email__icontains=search)
            | Q(user__department__icontains=search)
            | Q(user__title__icontains=search)
        )
    if role in Role.values:
        memberships = memberships.filter(role=role)
    if intake == "complete":
        memberships = memberships.filter(user__profile__intake_completed_at__isnull=False)
    elif intake == "incomplete":
        memberships = memberships.filter(
            Q(user__profile__isnull=True) | Q(user__profile__intake_completed_at__isnull=True)
        )
    if signed_in in ("never", "yes"):
        memberships = memberships.filter(user__last_login__isnull=signed_in == "never")
    return memberships.order_by("user__full_name", "user__email")


def invitations_of(programme: Programme) -> QuerySet[Invitation]:
    return programme.invitations.select_related("created_by").order_by("-created_at")


def invitation_of(programme: Programme, invitation_id: int) -> Invitation:
    found = invitations_of(programme).filter(pk=invitation_id).first()
    if found is None:
        raise NotFound(_("No such invitation."))
    return found


def email_invitations_of(programme: Programme) -> QuerySet[EmailInvitation]:
    return programme.email_invitations.select_related("person", "created_by")


def imported_never_signed_in(programme: Programme) -> int:
    """How many people the programme's import enrolled who have never signed
    in and have no e-mailed invitation yet."""
    invited = programme.email_invitations.values("email")
    return (
        programme.memberships.filter(user__last_login__isnull=True, user__is_active=True)
        .exclude(user__email__in=invited)
        .count()
    )


def account_for_email(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def email_invitation_by_token(token: str) -> EmailInvitation:
    found = (
        EmailInvitation.objects.select_related("programme", "person")
        .filter(token=token[:64])
        .first()
    )
    if found is None:
        raise NotFound(_("This invitation link is not valid."))
    return found


def invitation_by_token(token: str) -> Invitation:
    invitation = Invitation.objects.select_related("programme").filter(token=token).first()
    if invitation is None or not invitation.is_usable():
        raise NotFound(_("This invitation link is not valid any more. Ask your programme manager."))
    return invitation


SIGN_UP_SALT = "kindred.invitation-sign-up"
SIGN_UP_LINK_AGE = dt.timedelta(hours=24)


def invitation_sign_up_address(*, invitation: Invitation, signed: str) -> str:
    """The address an e-mailed link proves, for this invitation."""
    try:
        found = signing.loads(signed, salt=SIGN_UP_SALT, max_age=SIGN_UP_LINK_AGE)
    except signing.SignatureExpired as exc:
        raise NotFound(
            _("This link has expired: open the invitation again for a new one.")
        ) from exc
    except signing.BadSignature as exc:
        raise NotFound(_("This link is not valid.")) from exc
    if not isinstance(found, dict) or found.get("i") != invitation.token:
        raise NotFound(_("This link is not valid."))
    return str(found["e"])


def unique_programme_slug(name: str) -> str:
    base = slugify(name)[:50] or "programme"
    slug, suffix = base, 2
    while Programme.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug
