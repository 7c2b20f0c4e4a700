"""What the circles app holds about a person: what is theirs to download,
and what erasure does with it (kindred.accounts.data_rights)."""

from __future__ import annotations

from kindred.accounts.data_rights import REMOVED, Holding, blank, delete, keep, register

register(
    Holding("circles.CircleMember", ("person",), keep),
    Holding("circles.CircleAgreement", ("drafted_by",), keep),
    # Their hours off limits are theirs: they go; the signature stays.
    Holding("circles.CircleSignature", ("person",), blank(off_limits="")),
    Holding("circles.CircleMeeting", ("organiser",), keep),
    Holding("circles.Attendance", ("person",), keep),
    Holding("circles.CircleMessage", ("author",), blank(body=REMOVED)),
    Holding("circles.CircleNote", ("author",), blank(body=REMOVED)),
    Holding("circles.CircleCommitment", ("owner",), keep),
    Holding("circles.CircleCheckIn", ("person",), delete, why="a private check-in is theirs alone"),
)
