"""Writes for accounts: each service owns its transaction."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kindred.accounts import sign_in_rules, two_factor
from kindred.accounts.messages import PasswordChanged
from kindred.accounts.models import (
    ApiToken,
    Passkey,
    RecoveryCode,
    TotpDevice,
    User,
    normalise_email,
)
from kindred.lib import logs, sealing
from kindred.lib.errors import Conflict, InvalidInput, NotFound
from kindred.lib.text import require_single_line
from kindred.lib.video import personal_room_problem
from kindred.notifications.services import notify

TOKEN_PREFIX = "knd_"
NO_MATCH = gettext_lazy("That code does not match.")
MAX_ACTIVE_TOKENS = 20


def _hash_token(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


@logs.logged
@transaction.atomic
def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its plain text, which is never stored."""
    name = name.strip()
    if not name or len(name) > 80:
        raise InvalidInput(
            _("Give the token a name of 1 to 80 characters."),
            errors=[{"field": "name", "message": "1 to 80 characters"}],
        )
    if actor.api_tokens.filter(revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise Conflict(
            _("You already have %(active_tokens)s active tokens; revoke one first.")
            % {"active_tokens": MAX_ACTIVE_TOKENS}
        )
    secret = secrets.token_urlsafe(32)
    raw = f"{TOKEN_PREFIX}{secret}"
    token = ApiToken.objects.create(
        user=actor, name=name, prefix=raw[: len(TOKEN_PREFIX) + 6], key_hash=_hash_token(raw)
    )
    return token, raw


@logs.logged
@transaction.atomic
def api_token_revoke(*, actor: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.select_for_update().filter(user=actor, pk=token_id).first()
    if token is None:
        raise NotFound(_("No such token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(raw_token: str) -> User | None:
    if not raw_token.startswith(TOKEN_PREFIX) or len(raw_token) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash_token(raw_token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Only record use once a minute so a busy integration does not write on every call.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def user_sign_up(*, email: str, full_name: str, password: str) -> User:
    """Register a new person whose address the caller has proved (they
    followed a link e-mailed to it). An address that already has an account
    (for example one created by an HR import) is never claimed here: that
    person signs in, or sets a password through the e-mailed reset link."""
    email = normalise_email(email)
    if User.objects.filter(email=email).exists():
        raise Conflict(
            _(
                'An account with this e-mail already exists. Sign in, or use "Forgot '
                'your password?" to set one.'
            )
        )
    full_name = require_single_line(full_name.strip(), "full_name")
    sign_in_rules.require_password_allowed(email)
    user = User(email=email, full_name=full_name, email_verified=True)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(
            " ".join(exc.messages),
            errors=[{"field": "password", "message": m} for m in exc.messages],
        ) from exc
    user.set_password(password)
    user.save()
    return user


def password_changed(*, user: User) -> int:
    """A new password ends everything the old one opened: every API token is
    revoked (sessions end by themselves, their hash names the password), and
    the person is told at once, in case it was not them. Returns how many
    tokens were revoked."""
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    notify(
        recipient=user,
        message=PasswordChanged(user=user.pk, revoked=revoked),
        key=f"password-changed:{user.pk}:{timezone.now().isoformat()}",
        urgent=True,
        digest=False,
    )
    return revoked


# --- second factors ----------------------------------------------------------


@logs.logged
@transaction.atomic
def totp_confirm(*, actor: User, secret: str, code: str) -> list[str]:
    """Put the authenticator with key `secret` in force, proven by a code
    from it; returns fresh recovery codes (shown once, kept as digests)."""
    step = two_factor.totp_step(secret, code, after=0)
    if step is None:
        raise InvalidInput.on(
            "code", _("That code does not match. Check the app's clock and try again.")
        )
    TotpDevice.objects.update_or_create(
        user=actor,
        defaults={
            "secret_sealed": sealing.seal(secret),
            "confirmed_at": timezone.now(),
            "last_used_step": step,
        },
    )
    return _new_recovery_codes(actor)


@logs.logged
@transaction.atomic
def recovery_codes_renew(*, actor: User) -> list[str]:
    if not two_factor.has_second_factor(actor):
        raise Conflict(_("Set up an authenticator app or a passkey first."))
    return _new_recovery_codes(actor)


@logs.logged
@transaction.atomic
def totp_remove(*, actor: User, code: str) -> None:
    """Turn the authenticator off, proven by a current code or a recovery
    code (a stolen session alone cannot take the second factor away)."""
    if not two_factor.check_code(actor, code):
        raise InvalidInput.on("code", str(NO_MATCH))
    TotpDevice.objects.filter(user=actor).delete()
    if not actor.passkeys.exists():  # the codes stand in for passkeys too
        RecoveryCode.objects.filter(user=actor).delete()


def _new_recovery_codes(person: User) -> list[str]:
    RecoveryCode.objects.filter(user=person).delete()
    codes = [two_factor.new_recovery_code() for _n in range(two_factor.RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=person, code_hash=two_factor.code_digest(c)) for c in codes
    )
    return codes


MAX_PASSKEYS = 10


@logs.logged
@transaction.atomic
def passkey_add(
    *, actor: User, name: str, credential_id: str, public_key: bytes, sign_count: int
) -> Passkey:
    """Keep a checked passkey registration (kindred.accounts.passkeys)."""
    name = require_single_line(name.strip()[:80] or "Passkey", "name")
    if actor.passkeys.count() >= MAX_PASSKEYS:
        raise Conflict(
            _("You have %(passkeys)s passkeys; remove one first.") % {"passkeys": MAX_PASSKEYS}
        )
    if Passkey.objects.filter(credential_id=credential_id).exists():
        raise Conflict(_("This passkey is already registered."))
    return Passkey.objects.create(
        user=actor,
        name=name,
        credential_id=credential_id,
        public_key=public_key,
        sign_count=sign_count,
    )


@logs.logged
@transaction.atomic
def passkey_remove(*, actor: User, passkey_id: int, password: str) -> None:
    """Remove one of `actor`'s passkeys, proven by their password (a stolen
    session alone cannot take a second factor away)."""
    if not actor.check_password(password):
        raise InvalidInput.on("password", _("That is not your password."))
    deleted, _kinds = Passkey.objects.filter(user=actor, pk=passkey_id).delete()
    if not deleted:
        raise NotFound(_("No such passkey."))


@logs.logged
@transaction.atomic
def personal_room_set(*, actor: User, url: str) -> None:
    """The person's own video room (Zoom, Teams or Meet), used by programmes
    that meet in the mentor's room; empty removes it."""
    url = url.strip()
    problem = personal_room_problem(url) if url else ""
    if problem:
        raise InvalidInput(problem, errors=[{"field": "personal_room_url", "message": problem}])
    actor.personal_room_url = url
    actor.save(update_fields=["personal_room_url"])


@logs.logged
@transaction.atomic
def language_set(*, actor: User, language: str) -> None:
    """The language Kindred speaks to the person in, on every page and in
    everything sent to them."""
    if language not in dict(settings.LANGUAGES):
        problem = _("Choose one of the languages in the list.")
        raise InvalidInput(problem, errors=[{"field": "language", "message": problem}])
    actor.language = language
    actor.save(update_fields=["language"])


def language_default(*, actor: User, detected: str) -> None:
    """On first signing in, the browser's language becomes the person's
    until they choose (so e-mails, which have no browser, use it too)."""
    if actor.language or detected not in dict(settings.LANGUAGES):
        return
    actor.language = detected
    actor.save(update_fields=["language"])  # a save: the cached account is renewed
