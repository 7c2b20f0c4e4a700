"""Ten weeks of a real-looking relationship between the demo mentor and
mentee, so that every trust and forming feature has something to show on
first sign-in: a signed agreement, meetings held (one with a late arrival),
messages, commitments done with and without a reminder, objectives with
progress, questions used and a shared note. Times are relative to now."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation

from kindred.accounts.models import User
from kindred.commitments.messages import CommitmentDue
from kindred.commitments.models import Commitment
from kindred.engines.health.surveys import scales
from kindred.guides.models import Question, QuestionUse
from kindred.health.models import SurveyResponse
from kindred.health.services import compute_health
from kindred.meetings.messages import MeetingInvitation
from kindred.meetings.models import Meeting, Note
from kindred.messaging.models import Message, ThreadRead
from kindred.notifications.models import Notification
from kindred.notifications.services import notify
from kindred.programs.models import Programme
from kindred.relationships.models import Objective, ObjectiveUpdate, Relationship
from kindred.relationships.selectors import agreement_defaults
from kindred.relationships.services import agreement_save_draft, agreement_sign, relationship_start

WEEKS = 10
MESSAGES = (
    (
        0,
        "mentor",
        "Hi Ananya, I'm Kenji. Glad we matched! Does Tuesday morning your time work?",
    ),
    (0, "mentee", "Hi Kenji! Tuesdays are great, 09:30 for me is ideal."),
    (16, "mentee", "I drafted my three goals; shall we go through them next time?"),
    (16, "mentor", "Yes please. I'll bring the retro template I mentioned."),
    (44, "mentor", "How did the first retro go?"),
    (45, "mentee", "Better than I feared! Two people spoke up who never do."),
)
COMMITMENTS = (  # (made on day, owner, text, due after days, done after days or None, prompted)
    (2, "mentee", "Draft three goals for the programme", 10, 9, False),
    (2, "mentor", "Share the retrospective template", 7, 5, False),
    (16, "mentee", "Run a first remote retrospective with the team", 21, 23, True),
    (44, "mentee", "Ask two teammates for feedback on the retro", 30, None, False),
)


def build_history(programme: Programme, mentor: User, mentee: User) -> bool:
    """Build it once; False when the pair already exists."""
    if Relationship.objects.filter(programme=programme, mentee=mentee).exists():
        return False
    now = timezone.now()
    start = now - dt.timedelta(weeks=WEEKS)
    pair = relationship_start(programme=programme, mentor=mentor, mentee=mentee, source="request")
    pair.started_at = start
    pair.save(update_fields=["started_at"])
    _agree(pair)
    meetings = _meetings(pair, start, now)
    _messages(pair, start)
    _commitments(pair, start, meetings[0])
    _objectives(pair, start)
    _questions(pair, start, meetings)
    _surveys(pair, start)
    _news(pair, now)
    Note.objects.create(
        meeting=meetings[0],
        author=mentor,
        shared=True,
        body="**Agreed:** meet every two weeks on Tuesdays.\n\n- Ananya: three goals\n"
        "- Kenji: the retro template",
    )
    return True


def _news(pair: Relationship, now: dt.datetime) -> None:
    """What Kindred told the mentee lately, so the bell and the notification
    centre have something to show: the invitation to the next meeting and a
    promise falling due, already e-mailed (nothing goes out for them again)."""
    upcoming = pair.meetings.filter(status=Meeting.Status.CONFIRMED).first()
    promise = Commitment.objects.filter(relationship=pair, status=Commitment.Status.OPEN).first()
    told = []
    if upcoming is not None:
        invitation = MeetingInvitation(
            relationship=pair.pk, meeting=upcoming.pk, start=upcoming.start
        )
        told.append(notify(recipient=pair.mentee, message=invitation, key="demo:invite"))
    if promise is not None:
        due = CommitmentDue(commitment=promise.pk)
        told.append(notify(recipient=pair.mentee, message=due, key="demo:due"))
    Notification.objects.filter(pk__in=[n.pk for n in told]).update(
        state=Notification.State.SENT, sent_at=now - dt.timedelta(hours=3)
    )


def _agree(pair: Relationship) -> None:
    # The mentor drafts it, so its lines are written in the mentor's language
    # (Japanese for Kenji), and both sign: the mentee's scheduling reads them.
    with translation.override(pair.mentor.language or None):
        drafted = agreement_defaults(pair)
    terms = drafted | {
        "video_link": "https://meet.northwind.example/kenji-ananya",
        "sync_channels": ["video"],
        "objectives": "Grow as a first-time manager of a distributed team.",
    }
    agreement = agreement_save_draft(actor=pair.mentor, relationship=pair, terms=terms)
    for person in (pair.mentee, pair.mentor):
        agreement_sign(actor=person, relationship=pair, agreement_id=agreement.pk)


def _meetings(pair: Relationship, start: dt.datetime, now: dt.datetime) -> list[Meeting]:
    # Tuesdays at 04:00 UTC: 13:00 in Tokyo, 09:30 in Kolkata.
    first = _next_tuesday(start)
    held = []
    for n in range(4):
        at = first + dt.timedelta(weeks=2 * n)
        held.append(
            Meeting.objects.create(
                relationship=pair,
                start=at,
                end=at + dt.timedelta(minutes=45),
                zone="Asia/Kolkata",
                status=Meeting.Status.HELD,
                proposed_by=pair.mentor if n % 2 == 0 else pair.mentee,
                initiated_by=pair.mentor if n % 2 == 0 else pair.mentee,
                late_arrival=pair.mentor if n == 2 else None,
            )
        )
    upcoming = _next_tuesday(now + dt.timedelta(days=1))
    Meeting.objects.create(
        relationship=pair,
        start=upcoming,
        end=upcoming + dt.timedelta(minutes=45),
        zone="Asia/Kolkata",
        status=Meeting.Status.CONFIRMED,
        proposed_by=pair.mentee,
        initiated_by=pair.mentee,
    )
    return held


def _next_tuesday(moment: dt.datetime) -> dt.datetime:
    day = moment + dt.timedelta(days=(1 - moment.weekday()) % 7 or 7)
    return day.replace(hour=4, minute=0, second=0, microsecond=0)


def _person(pair: Relationship, side: str) -> User:
    return pair.mentor if side == "mentor" else pair.mentee


def _messages(pair: Relationship, start: dt.datetime) -> None:
    for day, side, body in MESSAGES:
        Message.objects.create(
            relationship=pair,
            sender=_person(pair, side),
            body=body,
            sent_at=start + dt.timedelta(days=day, hours=2),
        )
    last = Message.objects.filter(relationship=pair).order_by("-pk").values_list("pk", flat=True)
    ThreadRead.objects.create(relationship=pair, user=pair.mentor, last_read_id=last[0])


def _commitments(pair: Relationship, start: dt.datetime, first: Meeting) -> None:
    for made, side, text, due, done, prompted in COMMITMENTS:
        created = start + dt.timedelta(days=made)
        Commitment.objects.create(
            relationship=pair,
            text=text,
            owner=_person(pair, side),
            due_date=(created + dt.timedelta(days=due)).date(),
            meeting=first if made == 2 else None,
            created_by=pair.mentor,
            created_at=created,
            status=Commitment.Status.DONE if done is not None else Commitment.Status.OPEN,
            completed_at=created + dt.timedelta(days=done) if done is not None else None,
            prompted=prompted,
        )


def _objectives(pair: Relationship, start: dt.datetime) -> None:
    retro = Objective.objects.create(
        relationship=pair,
        title="Run remote retrospectives people speak up in",
        why="Half my team is in other time zones and rarely speaks in meetings.",
        measures="Every teammate contributes at least once a retro.",
        target_date=(start + dt.timedelta(weeks=20)).date(),
        progress=60,
        created_by=pair.mentee,
        created_at=start + dt.timedelta(days=16),
    )
    ObjectiveUpdate.objects.create(
        objective=retro, by=pair.mentee, progress=60, note="First retro held; two new voices."
    )
    Objective.objects.create(
        relationship=pair,
        title="Give feedback every month",
        measures="A short written note to each report monthly.",
        progress=10,
        created_by=pair.mentor,
        created_at=start + dt.timedelta(days=30),
    )


def _questions(pair: Relationship, start: dt.datetime, meetings: list[Meeting]) -> None:
    shared = Question.objects.filter(programme__isnull=True, relationship__isnull=True)
    for level, count in ((1, 4), (2, 3), (3, 1)):
        for question in shared.filter(level=level).order_by("pk")[:count]:
            QuestionUse.objects.create(
                relationship=pair,
                question=question,
                outcome=QuestionUse.Outcome.ASKED,
                meeting=meetings[level - 1],
                by=pair.mentor,
                at=start + dt.timedelta(weeks=2 * (level - 1), days=2),
            )


def _surveys(pair: Relationship, start: dt.datetime) -> None:
    answers = {
        pair.mentee: {"c1": 6, "c2": 6, "c3": 7, "t1": 7, "t2": 5, "t3": 5, "q1": 6, "q2": 6,
                      "q3": 7, "m1": 6, "m2": 5, "m3": 6, "m4": 6, "m5": 5, "m6": 6},
        pair.mentor: {"c1": 5, "c2": 6, "c3": 6, "t1": 6, "t2": 5, "t3": 6, "q1": 6, "q2": 6,
                      "q3": 5, "m1": 5, "m2": 5, "m3": 4, "m4": 5, "m5": 4, "m6": 5},
    }  # fmt: skip
    for person, given in answers.items():
        SurveyResponse.objects.create(
            relationship=pair,
            respondent=person,
            role="mentee" if person == pair.mentee else "mentor",
            round_day=30,
            answers=given,
            scales=scales(given),
            submitted_at=start + dt.timedelta(days=31),
        )


def health_history(programme: Programme, weeks: int = 8) -> None:
    """Weekly health snapshots up to today, so trends have a shape."""
    now = timezone.now()
    for back in range(weeks, -1, -1):
        compute_health(programme, now=now - dt.timedelta(weeks=back), alert=False)
