"""Every page a person of each role sees in the demo: what the screenshots
(scripts/screenshots.py) show and what the page tour test checks at a
phone's and a laptop's width (kindred/pages/tests/test_every_page.py).
A new page is one line here."""

from __future__ import annotations

from kindred.demo import builder
from kindred.demo.circles import SLUG as CIRCLES_SLUG
from kindred.demo.outcomes import PAST_SLUG
from kindred.demo.peer import SLUG as PEER_SLUG
from kindred.demo.reverse import SLUG as REVERSE_SLUG

SIGN_INS = {
    "mentee": builder.SIGN_INS["Mentee"],
    "mentor": builder.SIGN_INS["Mentor"],
    "manager": builder.SIGN_INS["Programme manager"],
    "admin": builder.SIGN_INS["Organisation admin"],
}

# (role, name, address); {pair}, {meeting}, {run}, {case}, {main}, {second} come from the demo.
PAGES = [
    ("anonymous", "sign-in", "/accounts/sign-in/"),
    ("mentee", "home", "/"),
    ("mentee", "notifications", "/notifications/"),
    ("mentee", "matches", "/matches/"),
    ("mentee", "relationship", "/relationships/{pair}/"),
    ("mentee", "relationship-meetings", "/relationships/{pair}/sections/meetings/"),
    ("mentee", "relationship-agreement", "/relationships/{pair}/sections/agreement/"),
    ("mentee", "relationship-commitments", "/relationships/{pair}/sections/commitments/"),
    ("mentee", "relationship-health", "/relationships/{pair}/sections/health/"),
    ("mentee", "messages", "/relationships/{pair}/messages/"),
    ("mentee", "guide", "/relationships/{pair}/guide/"),
    ("mentee", "objectives", "/relationships/{pair}/objectives/"),
    ("mentee", "close-out", "/relationships/{pair}/close-out/"),
    ("mentee", "projects", "/relationships/{pair}/projects/"),
    ("mentee", "survey", "/relationships/{pair}/survey/"),
    ("mentee", "mentors", "/programmes/{main}/mentors/"),
    ("mentee", "develop", "/develop/"),
    ("mentee", "profile", "/profile/"),
    ("mentee", "email-preferences", "/profile/email/"),
    ("mentee", "intake", "/intake/logistics/"),
    ("mentee", "intake-done", "/intake/done/"),
    ("mentee", "account-tokens", "/accounts/tokens/"),
    ("mentee", "sign-in-security", "/accounts/security/"),
    ("mentor", "home", "/"),
    ("mentor", "relationship", "/relationships/{pair}/"),
    ("mentor", "develop", "/develop/"),
    ("manager", "home", "/"),
    ("manager", "programmes", "/programmes/"),
    ("manager", "programme", "/programmes/{main}/"),
    ("manager", "programme-edit", "/programmes/{main}/edit/"),
    ("manager", "programme-languages", "/programmes/{main}/languages/"),
    ("manager", "programme-in-japanese", "/programmes/{main}/languages/ja/"),
    ("manager", "participants", "/programmes/{main}/participants/"),
    ("manager", "invitations", "/programmes/{main}/invitations/"),
    ("manager", "matching", "/programmes/{main}/matching/"),
    ("manager", "dashboard", "/programmes/{main}/dashboard/"),
    ("manager", "outcomes", "/programmes/{past}/outcomes/"),
    ("manager", "outcomes-so-far", "/programmes/{main}/outcomes/"),
    ("manager", "outcomes-across", "/outcomes/"),
    ("manager", "at-risk", "/programmes/{main}/at-risk/"),
    ("manager", "cases", "/programmes/{main}/cases/"),
    ("manager", "relationship", "/relationships/{pair}/"),
    ("admin", "home", "/"),
    ("admin", "second-programme", "/programmes/{second}/"),
    ("admin", "audit", "/audit/"),
    ("admin", "single-sign-on", "/identity/providers/"),
    ("admin", "add-identity-provider", "/identity/providers/new/"),
    ("admin", "add-saml-provider", "/identity/providers/new/?kind=saml"),
    ("admin", "scim-provisioning", "/identity/provisioning/"),
    ("admin", "directory-group", "/identity/provisioning/groups/{group}/"),
    ("admin", "roster-sync", "/identity/roster/"),
    ("mentor", "my-calendars", "/calendars/"),
    ("mentor", "calendar-feed", "/calendar-feed/"),
    ("mentor", "reverse-guide", "/relationships/{reverse}/guide/"),
    ("mentee", "circle", "/circles/{circle}/"),
    ("mentee", "circle-times", "/circles/{circle}/times/"),
    ("mentee", "circle-projects", "/circles/{circle}/projects/"),
    ("mentee", "circle-project", "/circles/{circle}/projects/{circle_project}/"),
    ("mentor", "circle-agreement", "/circles/{circle}/agreement/"),
    ("manager", "circles-programme", "/programmes/{circles}/"),
    ("manager", "circles", "/circles/programme/{circles}/"),
    ("manager", "circles-dashboard", "/programmes/{circles}/dashboard/"),
    ("manager", "peer-programme", "/programmes/{peer}/"),
    ("manager", "peer-pairing", "/matching/runs/{peer_run}/"),
    ("manager", "circle-formation", "/matching/runs/{circles_run}/"),
    ("mentee", "office-hours", "/office-hours/"),
    ("mentor", "office-hours", "/office-hours/"),
]
WITH_A_RUN = [("manager", "run", "/matching/runs/{run}/")]
WITH_A_CASE = [("manager", "case", "/cases/{case}/")]
WITH_A_BOOKING = [
    ("mentee", "office-hours-times", "/office-hours/hours/{hours}/"),
    ("mentee", "office-hours-booking", "/office-hours/bookings/{booking}/"),
]


def addresses() -> dict[str, str]:
    """The ids the pages' addresses need, read from the demo's database."""
    from kindred.circles.models import Circle
    from kindred.identity.models import ScimGroup
    from kindred.matching.models import MatchRun
    from kindred.officehours.models import Booking
    from kindred.projects.models import Project
    from kindred.relationships.models import Relationship
    from kindred.safety.models import ConcernReport

    pair = Relationship.objects.get(
        mentee__email=SIGN_INS["mentee"], programme__slug=builder.MAIN_SLUG
    )
    run = MatchRun.objects.filter(programme__slug=builder.MAIN_SLUG).order_by("-pk").first()
    case = ConcernReport.objects.order_by("pk").first()
    group = ScimGroup.objects.get(display_name="Engineering")
    reverse = Relationship.objects.get(
        mentee__email=SIGN_INS["mentor"], programme__slug=REVERSE_SLUG
    )
    circle = Circle.objects.get(
        programme__slug=CIRCLES_SLUG, places__person__email=SIGN_INS["mentee"]
    )
    booking = Booking.objects.filter(guest__email=SIGN_INS["mentee"], status="booked").first()
    return {
        "circle": str(circle.pk),
        "circle_project": str(
            Project.objects.filter(circle=circle.pk).values_list("pk", flat=True)[0]
        ),
        "circles": CIRCLES_SLUG,
        "past": PAST_SLUG,
        "peer": PEER_SLUG,
        "peer_run": str(MatchRun.objects.filter(programme__slug=PEER_SLUG).latest("pk").pk),
        "circles_run": str(MatchRun.objects.filter(programme__slug=CIRCLES_SLUG).latest("pk").pk),
        "hours": str(booking.hours_id if booking else ""),
        "booking": str(booking.pk if booking else ""),
        "pair": str(pair.pk),
        "run": str(run.pk) if run else "",
        "case": str(case.pk) if case else "",
        "main": builder.MAIN_SLUG,
        "second": builder.SECOND_SLUG,
        "group": str(group.pk),
        "reverse": str(reverse.pk),
    }


def pages() -> list[tuple[str, str, str]]:
    """Every page with its address filled in; a run's, a case's and a
    booking's pages only where the demo has one."""
    ids = addresses()
    found = list(PAGES)
    if ids["run"]:
        found += WITH_A_RUN
    if ids["case"]:
        found += WITH_A_CASE
    if ids["booking"]:
        found += WITH_A_BOOKING
    return [(role, name, path.format(**ids)) for role, name, path in found]
