"""Framework-free scheduling: find meeting slots that fit two people's
working windows in their own time zones and respect their boundaries."""

from kindred.engines.scheduling.slots import (
    Block,
    Calendar,
    Override,
    Slot,
    SlotRequest,
    find_slots,
)

__all__ = ["Block", "Calendar", "Override", "Slot", "SlotRequest", "find_slots"]
