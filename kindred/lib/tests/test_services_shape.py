"""The rule the README states, checked on the code: every public function
in a services module writes on behalf of an acting person (`actor`), who
a named policy admits before anything is written. The few writes no
person performs are listed here with the reason, so a new one is a
decision, not an accident."""

from __future__ import annotations

import ast
from pathlib import Path

KINDRED = Path(__file__).resolve().parents[2]

# Writes with no acting person, and why.
NO_ACTOR = {
    # Sweeps the scheduler runs.
    "send_commitment_reminders": "scheduled sweep",
    "send_surveys": "scheduled sweep",
    "compute_health": "scheduled sweep",
    "send_nudges": "scheduled sweep",
    "email_invitations_remind": "scheduled sweep",
    "refresh_calendars": "scheduled sweep",
    "calendar_read": "a calendar's read, for its owner's checked service or the sweep",
    "write_calendars": "scheduled sweep, and the task a meeting's change queues",
    "write_calendars_later": "queues the write after a meeting changes, for the pair's calendars",
    "calendar_write": "a calendar's write, for its owner's checked service or the sweep",
    "roster_sync_run": "scheduled pull; acts as the admin who set it up, checked again",
    "dispatch": "the outbox worker",
    "run_execute": "the matching worker, for a run a manager started",
    "mentor_request_follow_up": "a deferred task of a request",
    # Started by a service that checked its actor.
    "relationship_start": "inside proposal_decide or mentor_request_respond",
    "membership_enrol": "inside an e-mailed invitation's join, or a sign-in's checked groups",
    "cancel_future_of": "an erasure step, inside person_erase (organisation admins)",
    "cancel_for_departure": "after an erasure commits",
    "password_changed": "after the person changed their password",
    # The outbox, below every person-facing layer.
    "notify": "queued by a service that checked its actor",
    "notify_address": "queued by a service that checked its actor",
    "refresh": "queued by a service that checked its actor",
    "rerender": "an erasure step",
    "withdraw": "the news reached the person another way",
    "record": "the audit trail of a checked write",
    "record_many": "the audit trail of a checked write",
    "acting": "the audit trail's request, for code outside the middleware",
    # Before any account exists: the link or the token is the authority.
    "user_sign_up": "an invitation's confirmed address",
    "invitation_sign_up_request": "anyone holding an invitation link",
    "invitation_sign_up": "the signed link proves the address",
    "email_invitation_opened": "anyone holding the e-mailed link: it only notes the opening",
    "api_token_authenticate": "the token is the authority; records its use",
    "sso_sign_in": "the identity provider's checked answer is the authority",
    "welcome_made_accounts": "after an import or provisioning that checked its actor",
}


def service_modules() -> list[Path]:
    flat = KINDRED.glob("*/services.py")
    packaged = (p for p in KINDRED.glob("*/services/*.py") if p.name != "__init__.py")
    return sorted([*flat, *packaged])


def public_functions(path: Path) -> list[ast.FunctionDef]:
    tree = ast.parse(path.read_text())
    return [n for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")]


def parameters(function: ast.FunctionDef) -> set[str]:
    return {a.arg for a in function.args.args + function.args.kwonlyargs}


def test_every_write_names_its_actor_or_says_why_none() -> None:
    missing = [
        f"{path.relative_to(KINDRED)}:{function.name}"
        for path in service_modules()
        for function in public_functions(path)
        if "actor" not in parameters(function) and function.name not in NO_ACTOR
    ]
    assert not missing, "writes without an actor: " + ", ".join(missing)


def test_no_listed_exception_is_stale() -> None:
    names = {f.name for path in service_modules() for f in public_functions(path)}
    assert set(NO_ACTOR) <= names, set(NO_ACTOR) - names


def test_views_and_the_api_carry_no_rule_of_their_own() -> None:
    """Who may do something is decided by a policy or a selector. A view
    may use a role to choose what to show, but one that refuses on a role
    test of its own (`if not x.is_org_admin: raise ...`) has grown a second
    copy of a rule."""
    found = [
        f"{path.relative_to(KINDRED)}:{node.lineno}"
        for path in [*KINDRED.glob("*/views.py"), *KINDRED.glob("*/api.py")]
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.If) and _tests_a_role(node.test) and _raises(node.body)
    ]
    assert not found, found


ROLE_TESTS = {"is_org_admin", "can_manage", "in_pair", "side_of", "may_handle"}


def _tests_a_role(test: ast.expr) -> bool:
    return any(
        (isinstance(n, ast.Attribute) and n.attr in ROLE_TESTS)
        or (isinstance(n, ast.Name) and n.id in ROLE_TESTS)
        for n in ast.walk(test)
    )


def _raises(body: list[ast.stmt]) -> bool:
    return any(isinstance(n, ast.Raise) for statement in body for n in ast.walk(statement))
