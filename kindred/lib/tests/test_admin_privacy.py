"""The Django admin keeps pair-only texts out of its lists and pages, even
for a superuser (issue 20, finding 16): what a commitment says, a pair's own
conversation questions, why a meeting was cancelled, what an e-mail says."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from kindred.commitments.models import Commitment
from kindred.conftest import World, client_for, make_user
from kindred.guides.models import Question
from kindred.meetings.models import Meeting
from kindred.notifications.services import notify
from kindred.notifications.tests.plain import plain
from kindred.relationships.services import relationship_start

SECRET = "Tell my manager about the burnout"


def test_a_superuser_reads_no_pair_only_text(world: World) -> None:
    with transaction.atomic():
        pair = relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )
    commitment = Commitment.objects.create(
        relationship=pair, text=SECRET, owner=world.owner, created_by=world.owner,
        due_date=dt.date.today(),
    )  # fmt: skip
    question = Question.objects.create(text=SECRET + "?", level=1, relationship=pair)
    start = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)
    meeting = Meeting.objects.create(
        relationship=pair, start=start, end=start + dt.timedelta(minutes=30), zone="UTC",
        status="cancelled", cancel_reason=SECRET, soft_warnings=[SECRET],
    )  # fmt: skip
    mail = notify(recipient=world.owner, message=plain("x", "News", SECRET), key="k")
    root = make_user("root@test.example", "Root", is_superuser=True, is_staff=True)
    admin = client_for(root)
    pages = [
        "/admin/commitments/commitment/",
        f"/admin/commitments/commitment/{commitment.pk}/change/",
        "/admin/guides/question/",
        "/admin/meetings/meeting/",
        f"/admin/meetings/meeting/{meeting.pk}/change/",
        "/admin/notifications/notification/",
        f"/admin/notifications/notification/{mail.pk}/change/",
    ]
    for url in pages:
        response = admin.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url
    assert admin.get(f"/admin/guides/question/{question.pk}/change/").status_code == 302
