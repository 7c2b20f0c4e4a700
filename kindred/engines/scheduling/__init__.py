"""Framework-free scheduling: find meeting slots that fit two people's, or
a group's, working windows in their own time zones and respect their
boundaries."""

from kindred.engines.scheduling.slots import (
    Block,
    Calendar,
    Override,
    Slot,
    SlotRequest,
    find_group_slots,
    find_slots,
    rotation_shares,
)

__all__ = [
    "Block",
    "Calendar",
    "Override",
    "Slot",
    "SlotRequest",
    "find_group_slots",
    "find_slots",
    "rotation_shares",
]
