"""What office hours hand to the layers below as they start."""

from __future__ import annotations

from kindred.meetings.engagements import provide
from kindred.officehours.selectors import NAME, engagements

provide(NAME, engagements)
