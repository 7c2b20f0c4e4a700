"""Writes for matching, by sub-domain: runs, the manager's review, each
person's decision, and self-match requests. Each service owns its
transaction. Suggestions (a read) are in `matching.suggestions`."""

from kindred.matching.services.decisions import proposal_decide
from kindred.matching.services.requests import (
    mentor_request_create,
    mentor_request_follow_up,
    mentor_request_respond,
    mentor_request_withdraw,
)
from kindred.matching.services.review import (
    proposal_remove,
    proposal_set_pinned,
    proposals_swap,
    run_publish,
    run_rerun,
)
from kindred.matching.services.runs import run_execute, run_start

__all__ = [
    "mentor_request_create",
    "mentor_request_follow_up",
    "mentor_request_respond",
    "mentor_request_withdraw",
    "proposal_decide",
    "proposal_remove",
    "proposal_set_pinned",
    "proposals_swap",
    "run_execute",
    "run_publish",
    "run_rerun",
    "run_start",
]
