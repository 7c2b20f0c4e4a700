"""A person's data rights: download everything Kindred holds about them, and
erasure by an organisation admin.

Each app declares, in its own `personal_data` module (imported when Django
starts, AccountsConfig.ready), a Holding for every table of its that points
at a person: what of it is theirs to download and what happens to it when
they are erased; and, where erasure must go through its services, a step
(`erasure_step`). A test fails when a new model points at a person and no
app has declared it, so nobody adds personal data without deciding both.

Erasure removes what is only the person's (profile, demographics, private
notes, check-ins, survey answers, tokens, memberships), anonymises the
account so shared history (relationships, meetings, commitments, projects,
the partner's own messages and notes) stays whole for the partner, blanks
the words the person wrote into shared threads, and keeps the audit log,
with its labels rewritten."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.accounts.unnaming import Unnaming, unname_in_others_notifications
from kindred.audit import services as audit
from kindred.audit.models import AuditEvent
from kindred.lib.errors import Conflict, NotFound
from kindred.notifications.services import rerender

REMOVED = "(removed: its author's data was erased)"
SECRET_FIELDS = {"password", "key_hash", "token", "text_embedding", "claimed_by"}

Eraser = Callable[[QuerySet[Any], User], object]


def delete(rows: QuerySet[Any], person: User) -> object:
    return rows.delete()


def keep(rows: QuerySet[Any], person: User) -> object:
    """Shared history: the rows stay, pointing at the anonymised account."""
    return None


def blank(**values: Any) -> Eraser:
    """Keep the rows (the partner's thread stays whole) but remove the
    person's own words from them."""

    def erase(rows: QuerySet[Any], person: User) -> object:
        return rows.update(**values)

    return erase


def delete_private_blank_shared(rows: QuerySet[Any], person: User) -> object:
    rows.filter(shared=False).delete()
    return rows.update(body=REMOVED)


@dataclass(frozen=True)
class Holding:
    model: str
    links: tuple[str, ...]  # the fields that make a row this person's
    erase: Eraser
    fields: tuple[str, ...] = ()  # exported fields; empty means all but secrets
    export: bool = True
    # Fields that point at a person but do not make the row theirs (the
    # partner's absence at a meeting is the meeting's, not the partner's).
    mentions: tuple[str, ...] = ()
    why: str = ""

    def rows(self, person: User) -> QuerySet[Any]:
        match = Q()
        for link in self.links:
            match |= Q(**{link: person})
        return apps.get_model(self.model).objects.filter(match)


ORGANISATION_RECORD = "the organisation's record of its own decisions and case work"

_holdings: dict[str, Holding] = {}


def register(*holdings: Holding) -> None:
    """Declare what an app holds about a person: each app does so in its own
    `personal_data` module, which Django imports when it starts."""
    for holding in holdings:
        if holding.model in _holdings:
            raise ValueError(f"{holding.model} is declared twice.")
        _holdings[holding.model] = holding


def holdings() -> list[Holding]:
    return list(_holdings.values())


@dataclass
class Erasure:
    """One erasure in progress, handed to each app's steps: who erases whom,
    how their name is taken out of text, the partners the steps found
    (whose calendars and e-mails name the person) and what to do once the
    erasure commits."""

    actor: User
    person: User
    unnaming: Unnaming
    partners: list[User] = field(default_factory=list)
    after_commit: list[Callable[[], None]] = field(default_factory=list)


Step = Callable[[Erasure], None]
When = Literal["before", "after"]
_steps: dict[When, list[tuple[int, Step]]] = {"before": [], "after": []}


def erasure_step(when: When, order: int) -> Callable[[Step], Step]:
    """Declare what an app does when a person is erased, `before` their rows
    are removed (end what they share, through the app's own services) or
    `after` (take their name out of what others keep); smaller `order` first."""

    def register_step(step: Step) -> Step:
        _steps[when].append((order, step))
        return step

    return register_step


def _run_steps(when: When, erasure: Erasure) -> None:
    for _order, step in sorted(_steps[when], key=lambda found: found[0]):
        step(erasure)


# What accounts holds, and what the layers below it (the outbox, the audit
# log) hold, which cannot declare it themselves.
register(
    Holding("accounts.ApiToken", ("user",), delete),
    # Second factors: gone with the person; the secrets are never exported.
    Holding("accounts.TotpDevice", ("user",), delete, fields=("confirmed_at", "created_at")),
    Holding("accounts.RecoveryCode", ("user",), delete, fields=("used_at",)),
    Holding("accounts.Passkey", ("user",), delete, fields=("name", "created_at", "last_used_at")),
    # Their dated HR changes: theirs to see; outcomes lose one person on erasure.
    Holding("accounts.HrChange", ("person",), delete, fields=("on", "kind", "value")),
    Holding(
        "notifications.Notification",
        ("recipient",),
        delete,
        fields=("id", "kind", "subject", "state", "created_at", "sent_at"),
    ),
    # Who read or changed your data: yours to see. The log itself is kept.
    Holding(
        "audit.AuditEvent",
        ("subject",),
        keep,
        fields=("at", "action", "actor_label", "target", "channel"),
        mentions=("actor",),
        why="the log of who read or changed data is append-only; it names them no more",
    ),
)


SHARED_HISTORY = (
    "shared history: it stays whole for the other people in it, under the anonymous name"
)
THEIR_WORDS_REMOVED = "the other person's thread stays whole; the words they wrote are removed"


def kept_on_erasure() -> list[tuple[str, str]]:
    """What erasure keeps, and why, for the erase page: every holding that
    is not deleted, in the words of its reason."""
    kept = []
    for holding in holdings():
        if holding.erase is delete:
            continue
        name = str(apps.get_model(holding.model)._meta.verbose_name_plural).capitalize()
        why = holding.why or (SHARED_HISTORY if holding.erase is keep else THEIR_WORDS_REMOVED)
        kept.append((name, why))
    return kept


ACCOUNT_FIELDS = (
    "email", *User.HR_FIELDS, *User.SELF_OWNED_FIELDS,
    "date_joined", "last_login", "is_org_admin", "muted_emails", "language",
)  # fmt: skip


# --- the download ------------------------------------------------------------


def _value(instance: models.Model, model_field: Any) -> Any:
    if isinstance(model_field, models.ForeignKey):
        return getattr(instance, model_field.attname)
    value = getattr(instance, model_field.attname)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def _row(instance: models.Model, holding: Holding) -> dict[str, Any]:
    chosen = [
        f
        for f in instance._meta.concrete_fields
        if (f.name in holding.fields if holding.fields else f.name not in SECRET_FIELDS)
    ]
    return {f.name: _value(instance, f) for f in chosen}


def person_export(person: User) -> dict[str, Any]:
    """Everything Kindred holds about `person`, as JSON-ready data."""
    account = {name: _value(person, person._meta.get_field(name)) for name in ACCOUNT_FIELDS}
    account["manages"] = list(person.managed_programmes.values_list("slug", flat=True))
    theirs = {
        h.model: [_row(row, h) for row in h.rows(person).order_by("pk")]
        for h in holdings()
        if h.export
    }
    audit.record(audit.Action.PERSON_EXPORT, actor=person, subject=person)
    return {
        "generated_at": timezone.now().isoformat(),
        "about": "Everything Kindred holds about you. Each table lists the rows that are yours.",
        "account": account,
        "holdings": theirs,
    }


# --- erasure -----------------------------------------------------------------


def anonymous_label(person: User) -> str:
    return f"Erased person #{person.pk}"


@transaction.atomic
def person_erase(*, actor: User, person_id: int) -> User:
    if not actor.is_org_admin:
        raise NotFound(_("No such person."))
    person = User.objects.select_for_update().filter(pk=person_id).first()
    if person is None:
        raise NotFound(_("No such person."))
    if person.pk == actor.pk:
        raise Conflict(_("You cannot erase yourself; ask another organisation admin."))
    email, counts = person.email, {}
    unnaming = Unnaming(person.full_name, email, anonymous_label(person), anonymous_email(person))
    erasure = Erasure(actor, person, unnaming)
    _run_steps("before", erasure)
    for holding in holdings():
        result = holding.erase(holding.rows(person), person)
        counts[holding.model] = result[0] if isinstance(result, tuple) else result
    person.managed_programmes.clear()
    User.objects.filter(manager_email__iexact=email).update(manager_email="")
    unname_in_others_notifications(unnaming, erasure.partners)
    _run_steps("after", erasure)
    _forget_mail_to_the_address(email)
    _forget_sign_in_records(email)
    _anonymise_account(person)
    rerender(person_pk=person.pk)  # other people's e-mails now name the anonymous account
    _rewrite_audit_labels(person)
    # Built once the account is anonymised, so what they send names it, not the person.
    for later in erasure.after_commit:
        transaction.on_commit(later)
    removed = sum(n for n in counts.values() if isinstance(n, int))
    audit.record(
        audit.Action.PERSON_ERASE,
        actor=actor,
        subject=person,
        detail=f"{removed} rows removed or blanked",  # the audit log keeps English
    )
    return person


def _forget_mail_to_the_address(email: str) -> None:
    """E-mails sent before the person had an account (the link that proved
    the address) name only the address."""
    from kindred.notifications.models import Notification

    Notification.objects.filter(recipient__isnull=True, address=email).delete()


def _forget_sign_in_records(email: str) -> None:
    """The lockout records keep the address people signed in with."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=email).delete()


def anonymous_email(person: User) -> str:
    return f"erased-{person.pk}@erased.invalid"


def _anonymise_account(person: User) -> None:
    person.email = anonymous_email(person)
    person.full_name = anonymous_label(person)
    for name in User.HR_FIELDS:  # the name is the anonymous label, set above
        if name != "full_name":
            setattr(person, name, None if name == "level" else "")
    person.languages = []
    person.language = ""
    person.timezone = "UTC"
    person.is_active = person.is_staff = person.is_superuser = person.is_org_admin = False
    person.last_login = None
    person.set_unusable_password()
    person.save()


def _rewrite_audit_labels(person: User) -> None:
    """The one change the append-only log allows: after an erasure its labels
    name the anonymised account. Which entry happened when stays as it was."""
    rows: QuerySet[AuditEvent] = models.QuerySet(AuditEvent)
    label = anonymous_label(person)
    rows.filter(subject=person).update(subject_label=label)
    rows.filter(actor=person).update(actor_label=label)


# --- the coverage check the tests use -----------------------------------------


def undecided_links() -> list[str]:
    """Every field anywhere in Kindred that points at a person and that no
    holding has decided about."""
    decided = {(h.model, name) for h in holdings() for name in (*h.links, *h.mentions)}
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("kindred") or model is User:
            continue
        for f in model._meta.get_fields():
            points_at_person = f.concrete and f.related_model is User and not f.many_to_many
            if points_at_person and (model._meta.label, f.name) not in decided:
                found.append(f"{model._meta.label}.{f.name}")
    return found
