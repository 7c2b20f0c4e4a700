"""Every development page for each kind of visitor. Modules, the
self-assessment and the practice page are the signed-in person's own, so
every signed-in visitor gets their own page; the programme's module
settings belong to its managers."""

from __future__ import annotations

from kindred.lib.tests.access import ACTORS, MANAGER_ONLY, SIGNED_IN, Case, Rows, the_world

EVERYONE_404 = dict.fromkeys(ACTORS, 404)


NOT_YET = dict.fromkeys(ACTORS, 422)


SETTINGS = {
    f"{key}-{name}": value
    for key in ("trust", "engagement", "forming", "boundaries", "collaboration")
    for name, value in (("requirement", ""), ("required_of", "mentors"), ("note", ""))
}


CASES = [
    Case("develop", "get", lambda w: "/develop/", SIGNED_IN),
    Case("module", "get", lambda w: "/develop/modules/trust/", SIGNED_IN),
    Case("unknown module", "get", lambda w: "/develop/modules/nope/", EVERYONE_404),
    Case(
        "answer the scenario",
        "post",
        lambda w: "/develop/modules/trust/",
        dict.fromkeys(ACTORS, 302),
        body=lambda w: {"choice": "write"},
    ),
    Case("mark done", "post", lambda w: "/develop/modules/trust/done/", NOT_YET),
    Case("self-assessment", "get", lambda w: "/develop/self-assessment/", SIGNED_IN),
    Case("self-assessment form", "get", lambda w: "/develop/self-assessment/new/", SIGNED_IN),
    Case(
        # Only a mentor's is saved; anyone else sees the form's explanation.
        "take the self-assessment",
        "post",
        lambda w: "/develop/self-assessment/new/",
        SIGNED_IN | {"partner": 302},
        body=lambda w: {"co1": "5"},
    ),
    Case("practice", "get", lambda w: "/develop/practice/", SIGNED_IN),
    Case("programme modules", "get", lambda w: "/programmes/alpha/modules/", MANAGER_ONLY),
    Case(
        "set programme modules",
        "post",
        lambda w: "/programmes/alpha/modules/",
        MANAGER_ONLY | {"manager": 302, "admin": 302},
        body=lambda w: SETTINGS,
    ),
]


ROWS = [Rows(the_world, CASES)]
