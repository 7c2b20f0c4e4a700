"""A person's data rights: download everything Kindred holds about them, and
erasure by an organisation admin.

HOLDINGS says, for every table that points at a person, what of it is
theirs to download and what happens to it when they are erased. A test
fails when a new model points at a person and is not listed here, so
nobody adds personal data without deciding both.

Erasure removes what is only the person's (profile, demographics, private
notes, check-ins, survey answers, tokens, memberships), anonymises the
account so shared history (relationships, meetings, commitments, projects,
the partner's own messages and notes) stays whole for the partner, blanks
the words the person wrote into shared threads, and keeps the audit log,
with its labels rewritten."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from kindred.accounts.models import User
from kindred.accounts.unnaming import (
    Unnaming,
    unname_in_meeting_warnings,
    unname_in_others_notifications,
)
from kindred.audit import services as audit
from kindred.audit.models import AuditEvent
from kindred.lib.errors import Conflict, NotFound

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

HOLDINGS: tuple[Holding, ...] = (
    Holding("accounts.ApiToken", ("user",), delete),
    Holding("programs.Membership", ("user",), delete, why="takes them out of every pool"),
    Holding("programs.Invitation", ("created_by",), keep, why=ORGANISATION_RECORD),
    Holding("programs.ImportRun", ("actor",), keep, why=ORGANISATION_RECORD),
    Holding("profiles.Profile", ("user",), delete),
    Holding("profiles.Demographics", ("user",), delete),
    Holding("profiles.TimeOff", ("user",), delete),
    Holding("relationships.Relationship", ("mentor", "mentee"), keep, mentions=("ended_by",)),
    Holding("relationships.RelationshipEvent", ("actor",), keep),
    Holding("relationships.Agreement", ("drafted_by",), keep),
    Holding("relationships.Objective", ("created_by",), keep),
    Holding("relationships.ObjectiveUpdate", ("by",), keep),
    Holding(
        "matching.MatchRun",
        ("created_by",),
        keep,
        fields=("id", "programme", "status", "created_at", "published_at"),
        why=ORGANISATION_RECORD,
    ),
    # The explanations draw on both people's profiles: only the outcome is theirs.
    Holding(
        "matching.Proposal",
        ("mentee", "mentor"),
        keep,
        fields=("id", "run", "status", "mentee_decision", "mentor_decision", "decided_at"),
        mentions=("declined_by",),
    ),
    Holding(
        "matching.Exclusion",
        ("mentee", "mentor"),
        keep,
        export=False,
        mentions=("created_by",),
        why=ORGANISATION_RECORD,
    ),
    Holding(
        "matching.MentorRequest",
        ("mentee", "mentor"),
        keep,
        fields=("id", "programme", "message", "status", "created_at", "responded_at"),
    ),
    Holding(
        "notifications.Notification",
        ("recipient",),
        delete,
        fields=("id", "kind", "subject", "state", "created_at", "sent_at"),
    ),
    Holding("meetings.MeetingSeries", ("created_by",), keep),
    Holding(
        "meetings.Meeting",
        ("proposed_by",),
        keep,
        mentions=("cancelled_by", "absent", "late_arrival", "initiated_by"),
    ),
    Holding("meetings.Reschedule", ("by",), keep),
    Holding("meetings.Note", ("author",), delete_private_blank_shared),
    Holding("commitments.Commitment", ("owner", "created_by"), keep, mentions=("dropped_by",)),
    Holding("guides.Question", ("created_by",), keep),
    Holding("guides.QuestionUse", ("by",), keep),
    Holding("messaging.Message", ("sender",), blank(body=REMOVED)),
    Holding("messaging.ThreadRead", ("user",), delete, export=False),
    Holding("safety.ComfortCheckIn", ("person",), delete),
    # A safety record outlives the reporter's account; it is anonymised.
    Holding(
        "safety.ConcernReport",
        ("reporter",),
        keep,
        fields=("id", "programme", "category", "text", "status", "created_at"),
        why="a safety record outlives the reporter's account; it names them no more",
    ),
    Holding("safety.CaseNote", ("author",), keep, export=False, why=ORGANISATION_RECORD),
    Holding("safety.CaseAudit", ("actor",), keep, export=False, why=ORGANISATION_RECORD),
    Holding("projects.Project", ("created_by",), keep),
    Holding("projects.Milestone", ("owner",), keep),
    Holding("projects.Deliverable", ("uploaded_by",), keep),
    Holding("projects.Feedback", ("author",), keep),
    Holding("health.SurveyResponse", ("respondent",), delete),
    Holding("development.ModuleProgress", ("person",), delete),
    Holding("development.SelfAssessment", ("person",), delete),
    Holding(
        "development.ProgrammeModule",
        ("updated_by",),
        keep,
        export=False,
        why=ORGANISATION_RECORD,
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
    for holding in HOLDINGS:
        if holding.erase is delete:
            continue
        name = str(apps.get_model(holding.model)._meta.verbose_name_plural).capitalize()
        why = holding.why or (SHARED_HISTORY if holding.erase is keep else THEIR_WORDS_REMOVED)
        kept.append((name, why))
    return kept


ACCOUNT_FIELDS = (
    "email", "full_name", "title", "level", "department", "manager_email", "location",
    "timezone", "languages", "date_joined", "last_login", "is_org_admin", "muted_emails",
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
    holdings = {
        h.model: [_row(row, h) for row in h.rows(person).order_by("pk")]
        for h in HOLDINGS
        if h.export
    }
    audit.record(audit.Action.PERSON_EXPORT, actor=person, subject=person)
    return {
        "generated_at": timezone.now().isoformat(),
        "about": "Everything Kindred holds about you. Each table lists the rows that are yours.",
        "account": account,
        "holdings": holdings,
    }


# --- erasure -----------------------------------------------------------------


def anonymous_label(person: User) -> str:
    return f"Erased person #{person.pk}"


@transaction.atomic
def person_erase(*, actor: User, person_id: int) -> User:
    if not actor.is_org_admin:
        raise NotFound("No such person.")
    person = User.objects.select_for_update().filter(pk=person_id).first()
    if person is None:
        raise NotFound("No such person.")
    if person.pk == actor.pk:
        raise Conflict("You cannot erase yourself; ask another organisation admin.")
    email, counts = person.email, {}
    unnaming = Unnaming(person.full_name, email, anonymous_label(person), anonymous_email(person))
    cancelled, partners = _end_shared_work(actor, person)
    for holding in HOLDINGS:
        result = holding.erase(holding.rows(person), person)
        counts[holding.model] = result[0] if isinstance(result, tuple) else result
    person.managed_programmes.clear()
    User.objects.filter(manager_email__iexact=email).update(manager_email="")
    unname_in_others_notifications(unnaming, partners)
    unname_in_meeting_warnings(unnaming, person)
    _forget_mail_to_the_address(email)
    _forget_sign_in_records(email)
    _anonymise_account(person)
    _rewrite_audit_labels(person)
    # Built now, the CANCELs name the anonymised account, not the person.
    transaction.on_commit(partial(_cancel_in_partners_calendars, cancelled, partners))
    removed = sum(n for n in counts.values() if isinstance(n, int))
    audit.record(
        audit.Action.PERSON_ERASE,
        actor=actor,
        subject=person,
        detail=f"{removed} rows removed or blanked",
    )
    return person


def _end_shared_work(actor: User, person: User) -> tuple[list[int], list[User]]:
    """Their relationships end and their future meetings are cancelled, so the
    partner is not left waiting on someone who is gone. Returns the meetings
    cancelled and the partners, whose calendars are told once the erasure
    commits."""
    from kindred.meetings.models import Meeting
    from kindred.relationships.models import Relationship
    from kindred.relationships.services import relationship_change_status

    open_statuses = (
        Relationship.Status.PROPOSED,
        Relationship.Status.ACTIVE,
        Relationship.Status.PAUSED,
    )
    theirs = Relationship.objects.filter(Q(mentor=person) | Q(mentee=person))
    for relationship in theirs.filter(status__in=open_statuses):
        relationship_change_status(
            actor=actor,
            relationship=relationship,
            to=Relationship.Status.ENDED_EARLY,
            note="The other person left the programme.",
        )
    future = Meeting.objects.filter(
        relationship__in=theirs, status__in=Meeting.OPEN, start__gt=timezone.now()
    )
    cancelled = list(future.values_list("pk", flat=True))
    future.update(
        status=Meeting.Status.CANCELLED,
        cancelled_at=timezone.now(),
        cancel_reason="The other person left the programme.",
        sequence=F("sequence") + 1,
    )
    partner_ids = {r.mentor_id if r.mentee_id == person.pk else r.mentee_id for r in theirs}
    return cancelled, list(User.objects.filter(pk__in=partner_ids))


def _cancel_in_partners_calendars(meeting_ids: list[int], partners: list[User]) -> None:
    from kindred.meetings.models import Meeting
    from kindred.meetings.services import cancel_for_departure

    meetings = Meeting.objects.filter(pk__in=meeting_ids).select_related(
        "relationship__mentor", "relationship__mentee", "series"
    )
    with transaction.atomic():
        cancel_for_departure(meetings=list(meetings), stays=partners)


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
    for name in ("title", "department", "manager_email", "location"):
        setattr(person, name, "")
    person.languages = []
    person.level = None
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
    decided = {(h.model, name) for h in HOLDINGS for name in (*h.links, *h.mentions)}
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("kindred") or model is User:
            continue
        for f in model._meta.get_fields():
            points_at_person = f.concrete and f.related_model is User and not f.many_to_many
            if points_at_person and (model._meta.label, f.name) not in decided:
                found.append(f"{model._meta.label}.{f.name}")
    return found
