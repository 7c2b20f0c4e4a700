"""A mentor and a mentee who read Kindred in two languages each get the
meeting in their own: the e-mail, its HTML laid out right to left for
Arabic, and the calendar file (SUMMARY and DESCRIPTION tagged with their
language), while both files name the same event at the same instants,
read by two independent parsers."""

from __future__ import annotations

import datetime as dt
import email
from email.message import Message

import icalendar
import pytest

from kindred.accounts.services import language_set
from kindred.conftest import SmtpSink, World, text_of
from kindred.engines.calendar.tests.parsers import agreed_instants
from kindred.meetings import services
from kindred.meetings.tests.test_meetings import NOW, TUESDAY_10, propose
from kindred.notifications.services import dispatch
from kindred.relationships.models import Relationship


@pytest.fixture
def pair(pair_with_intakes: Relationship) -> Relationship:
    return pair_with_intakes


def _calendar_of(message: Message) -> bytes:
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload


def _html_of(message: Message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/html")
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def test_each_person_gets_the_invitation_in_their_language_at_the_same_instant(
    world: World, pair: Relationship, smtp_server: SmtpSink
) -> None:
    language_set(actor=world.owner, language="ja")
    language_set(actor=world.partner, language="ar")
    meeting = propose(world, pair)  # Tuesday 2 June 2026, 11:00 in London
    services.meeting_confirm(actor=world.partner, meeting=meeting)
    assert dispatch(now=NOW)["sent"] == 2
    sent = {
        m["To"]: m for m in (email.message_from_bytes(bytes(raw)) for raw in smtp_server.messages)
    }
    japanese = next(m for to, m in sent.items() if world.owner.email in to)
    arabic = next(m for to, m in sent.items() if world.partner.email in to)

    assert "招待: メンタリングセッション" in str(email.header.make_header(
        email.header.decode_header(japanese["Subject"])
    ))  # fmt: skip
    assert "2026年6月2日(火曜日) 11:00 (Europe/London)" in text_of(japanese)
    assert "دعوة: جلسة الإرشاد الخاصة بك" in text_of(arabic)
    assert 'lang="ar" dir="rtl"' in _html_of(arabic)
    assert 'lang="ja" dir="ltr"' in _html_of(japanese)

    events = {}
    for who, message in (("ja", japanese), ("ar", arabic)):
        data = _calendar_of(message)
        assert agreed_instants(data) == [TUESDAY_10]  # icalendar and ical read the same instant
        events[who] = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(events["ja"]["uid"]) == str(events["ar"]["uid"]) == meeting.uid
    assert str(events["ja"]["summary"]).startswith("メンタリング: ")
    assert str(events["ar"]["summary"]).startswith("إرشاد: ")
    assert events["ja"]["summary"].params["LANGUAGE"] == "ja"
    assert events["ar"]["description"].params["LANGUAGE"] == "ar"
    assert "日時変更・取り消し: http" in str(events["ja"]["description"])
    assert "غيّر الموعد أو ألغِه: http" in str(events["ar"]["description"])


def test_the_subscription_feed_is_in_its_owners_language(world: World, pair: Relationship) -> None:
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from kindred.meetings.services import calendar_feed_make

    language_set(actor=world.partner, language="de")
    now = timezone.now()
    tuesday = now + dt.timedelta(days=(1 - now.weekday()) % 7 or 7)
    start = tuesday.replace(
        hour=10, minute=0, second=0, microsecond=0
    )  # the feed holds what is to come
    meeting = services.meeting_propose(
        actor=world.owner, relationship=pair, start=start, minutes=45,
        zone="Europe/London", now=now,
    )  # fmt: skip
    services.meeting_confirm(actor=world.partner, meeting=meeting)
    token = calendar_feed_make(actor=world.partner)[1]
    data = Client().get(reverse("feed:ics", args=[token])).content
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(event["summary"]).startswith("Mentoring: ")
    assert event["summary"].params["LANGUAGE"] == "de"
    assert "Verschieben oder absagen: http" in str(event["description"])


def test_a_kept_warning_reads_in_each_persons_language(world: World, pair: Relationship) -> None:
    """A soft boundary noted when one person proposes is read later by the
    other, each in their own language; a hard one refuses in the proposer's."""
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from kindred.conftest import page_words
    from kindred.lib.errors import InvalidInput
    from kindred.profiles.models import Profile

    Profile.objects.filter(user=world.partner).update(
        quiet_hours={"start": "21:00", "end": "07:00"},
        boundary_blocks=[
            {"label": "Kita", "days": [1], "start": "11:00", "end": "12:00", "hard": False}
        ],
    )
    language_set(actor=world.partner, language="de")
    # Tuesday 11:00 BST, in the partner's soft block, and still to come
    warned = propose(world, pair, start=dt.datetime(2027, 6, 1, 10, tzinfo=dt.UTC))
    assert warned.warning_words == ["Kita for Pat Partner (flexible)"]
    with translation.override("de"):
        assert warned.warning_words == ["Kita für Pat Partner (flexibel)"]
    page = reverse("pages:relationship_section", args=[pair.pk, "meetings"])
    words = {}
    for person in (world.owner, world.partner):
        client = Client()
        client.force_login(person)
        words[person.pk] = page_words(client.get(page).content)
    assert "Kita for Pat Partner (flexible)" in words[world.owner.pk]
    assert "Kita für Pat Partner (flexibel)" in words[world.partner.pk]
    with translation.override("fr"), pytest.raises(InvalidInput) as refused:
        propose(world, pair, start=dt.datetime(2026, 6, 2, 21, tzinfo=dt.UTC))  # 22:00 BST
    assert "heures calmes pour Pat Partner" in refused.value.message
