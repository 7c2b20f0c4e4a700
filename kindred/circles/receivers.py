"""What circles hands to the layers below as it starts."""

from __future__ import annotations

from kindred.circles.selectors import NAME, engagements
from kindred.meetings.engagements import provide

provide(NAME, engagements)
