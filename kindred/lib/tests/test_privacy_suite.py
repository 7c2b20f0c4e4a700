"""The privacy suite: small-number situations built on purpose (one mentee,
one low check-in, one survey answer, a date filter that isolates one pair,
a manager who is also a participant, an admin who is not appointed), and
every page, CSV and API response a third party can reach, read for any
value derived from one person's private answer (issue 20, findings 6 and 8).

The private answers carry values no behaviour produces: a check-in of 1
and 1, survey scales of 1.5 and 6.5. What may reach a manager is that the
pair needs a check-in, never which answer, component, value or direction."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.db import transaction
from pypdf import PdfReader

from kindred.conftest import World, api_client_for, client_for, enrol, make_user
from kindred.engines.health.score import NEEDS_CHECK_IN
from kindred.health.dashboard import dashboard
from kindred.health.models import SurveyResponse
from kindred.health.selectors import Filters
from kindred.health.services import compute_health
from kindred.lib.charts import Chart
from kindred.meetings.models import Meeting
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start
from kindred.safety.models import ComfortCheckIn

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
START = NOW - dt.timedelta(days=70)

# Words and figures that only a private answer could produce.
LEAKS = [
    "comfort in meetings",
    "check-in in the last",
    "fell ",
    "between surveys",
    "(surveys)",
    "trust (",
    "commitment (",
    "Trust fell",
    "low answer",
]


def build(world: World, *, mentor: object = None) -> Relationship:
    """One pair, whose mentee gave one low check-in and two survey answers
    (trust dropping from 6.5 to 1.5) and nothing else private exists."""
    with transaction.atomic():
        pair = relationship_start(
            programme=world.programme,
            mentor=mentor or world.partner,  # type: ignore[arg-type]
            mentee=world.owner,
            source="matching",
        )
    Relationship.objects.filter(pk=pair.pk).update(started_at=START)
    held = Meeting.objects.create(
        relationship=pair, start=NOW - dt.timedelta(days=3),
        end=NOW - dt.timedelta(days=3) + dt.timedelta(minutes=45), zone="UTC", status="held",
    )  # fmt: skip
    ComfortCheckIn.objects.create(
        meeting=held, person=world.owner, sharing_comfortable=1, boundaries_respected=1
    )
    for round_day, value in ((30, 6.5), (60, 1.5)):
        scales = dict.fromkeys(("commitment", "trust", "quality", "competence"), value)
        SurveyResponse.objects.create(
            relationship=pair, respondent=world.owner, role="mentee", round_day=round_day,
            answers={"t1": 1}, scales=scales, **scales,
            submitted_at=START + dt.timedelta(days=round_day),
        )  # fmt: skip
    compute_health(world.programme, now=NOW)
    return pair


def pages_of(world: World, pair: Relationship) -> list[str]:
    slug = world.programme.slug
    day = START.date().isoformat()
    return [
        f"/relationships/{pair.pk}/",
        f"/programmes/{slug}/",
        f"/programmes/{slug}/at-risk/",
        f"/programmes/{slug}/dashboard/",
        f"/programmes/{slug}/dashboard/?start={day}&end={day}",  # isolates the pair
        f"/programmes/{slug}/dashboard/?department=",
        f"/programmes/{slug}/relationships.csv",
        f"/programmes/{slug}/relationships.csv?start={day}&end={day}",
        "/",
        "/develop/practice/",
    ]


def read(client: object, url: str) -> str:
    response = client.get(url)  # type: ignore[attr-defined]
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def assert_nothing_private(text: str, where: str) -> None:
    lowered = text.lower()
    for leak in LEAKS:
        assert leak.lower() not in lowered, f"{leak!r} on {where}"
    # No survey mean drawn as a figure: 1.5 and 6.5 (and 1.0 on the 1-5
    # check-in scale) appear nowhere as numbers.
    assert not re.search(r"(?<![\d.])(6\.5|1\.5)(?![\d])", text), f"a survey scale on {where}"


def ingredients(world: World, filters: Filters) -> Chart:
    charts = dashboard(world.programme, filters, now=NOW)
    return next(chart for chart in charts if chart.key == "ingredients")


THIRD_PARTIES = ["manager", "admin", "partner", "participant", "other_manager"]


@pytest.mark.parametrize("viewer", THIRD_PARTIES)
def test_one_private_answer_reaches_no_third_party(world: World, viewer: str) -> None:
    pair = build(world)
    client = client_for(world.actors()[viewer])
    for url in pages_of(world, pair):
        assert_nothing_private(read(client, url), f"{url} as {viewer}")
    api = api_client_for(world.actors()[viewer])
    for url in ("/api/v1/me", f"/api/v1/programmes/{world.programme.slug}", "/api/v1/me/export"):
        assert_nothing_private(read(api, url), f"{url} (API) as {viewer}")


def test_the_manager_is_told_only_that_the_pair_needs_a_check_in(world: World) -> None:
    pair = build(world)
    manager = client_for(world.manager)
    for url in (f"/relationships/{pair.pk}/", f"/programmes/{world.programme.slug}/at-risk/"):
        assert NEEDS_CHECK_IN in read(manager, url)
    csv = read(manager, f"/programmes/{world.programme.slug}/relationships.csv")
    assert NEEDS_CHECK_IN in csv


def test_the_ingredients_chart_is_blank_below_five_people_after_filtering(world: World) -> None:
    pair = build(world)
    day = START.date()
    for filters in (Filters(), Filters(start=day, end=day), Filters(department="")):
        chart = next(
            c for c in dashboard(world.programme, filters, now=NOW) if c.key == "ingredients"
        )
        assert all(v is None for values in chart.series.values() for v in values)
        assert "left blank" in str(chart.description)
    assert pair.status == "active"


def test_five_people_make_a_month_show(world: World) -> None:
    """The same chart pools five different respondents in a month."""
    pair = build(world)
    month = NOW - dt.timedelta(days=2)
    for n in range(4):
        mentee = make_user(f"m{n}@test.example", f"M {n}")
        enrol(mentee, world.programme, "mentee")
        other = Relationship.objects.create(
            programme=world.programme, mentor=world.partner, mentee=mentee, started_at=START
        )
        scales = dict.fromkeys(("commitment", "trust", "quality", "competence"), 4.0)
        SurveyResponse.objects.create(
            relationship=other, respondent=mentee, role="mentee", round_day=30,
            answers={"t1": 4}, scales=scales, **scales, submitted_at=month,
        )  # fmt: skip
    SurveyResponse.objects.filter(relationship=pair, round_day=60).update(submitted_at=month)
    chart = next(
        c for c in dashboard(world.programme, Filters(), now=NOW) if c.key == "ingredients"
    )
    assert chart.series["Trust"][-1] == pytest.approx((4 * 4.0 + 1.5) / 5)


def test_a_manager_who_mentors_the_pair_sees_nothing_private_of_it(world: World) -> None:
    enrol(world.manager, world.programme, "mentor")
    pair = build(world, mentor=world.manager)
    manager = client_for(world.manager)
    for url in pages_of(world, pair):
        assert_nothing_private(read(manager, url), f"{url} as the mentor-manager")


# --- who an identity provider may sign in as (issue 24) -------------------------


@pytest.mark.parametrize("verified", [False, True])
def test_just_in_time_sign_in_never_takes_over_an_account_by_an_unverified_address(
    world: World, verified: bool
) -> None:
    """A provider that does not speak for the address's domain and does not
    say it verified it cannot hand over the account with that address; a
    verified one links it once, and from then on only that subject signs
    in as the person, whatever address it later sends."""
    from kindred.identity.adapters import Assertion, SignInFailed
    from kindred.identity.models import ExternalIdentity, IdentityProvider
    from kindred.identity.services import sso_sign_in

    provider = IdentityProvider.objects.create(name="Any IdP", slug="any", kind="oidc")
    claim = Assertion(subject="s-1", email=world.owner.email, email_verified=verified)
    if not verified:
        with pytest.raises(SignInFailed):
            sso_sign_in(provider=provider, assertion=claim)
        assert not ExternalIdentity.objects.exists()
        return
    assert sso_sign_in(provider=provider, assertion=claim) == world.owner
    # Another subject with the same address is not the owner.
    other = Assertion(subject="s-2", email=world.owner.email, email_verified=True)
    with pytest.raises(SignInFailed):
        sso_sign_in(provider=provider, assertion=other)
    # The linked subject stays the owner even with another address now.
    moved = Assertion(subject="s-1", email="someone.else@test.example", email_verified=True)
    assert sso_sign_in(provider=provider, assertion=moved) == world.owner


@pytest.mark.parametrize(("mentees", "others"), [(9, 200), (40, 9)])
def test_outcomes_under_ten_on_either_side_show_no_figure_anywhere(
    world: World, mentees: int, others: int
) -> None:
    """Retention and promotion of fewer than ten people would be about
    individuals: the page and the CSV say nothing of them, not even how
    many, for an appointed manager who also mentors in the programme and
    for an organisation admin appointed to nothing."""
    from kindred.outcomes.tests.organisation import build as organisation

    world.programme.start_date = dt.date.today() - dt.timedelta(days=400)
    world.programme.save()
    organisation(world.programme, mentees=mentees, mentors=3, others=others)
    enrol(world.manager, world.programme, "mentor")
    for viewer in (world.manager, world.admin):
        client = client_for(viewer)
        page = client.get(f"/programmes/{world.programme.slug}/outcomes/").content.decode()
        assert "points" not in page and "participants;" not in page
        assert f"{mentees} participants" not in page
        response = client.get(f"/programmes/{world.programme.slug}/outcomes.csv")
        rows = b"".join(response.streaming_content).decode().splitlines()[1:]  # type: ignore[attr-defined]
        assert rows and all(",,,,," in row and "not shown" in row for row in rows)
        pdf = client.get(f"/programmes/{world.programme.slug}/outcomes.pdf").content
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        assert "Fewer than 10 people on one side" in " ".join(text.split())
        assert "points" not in text and f"{mentees} participants" not in text
