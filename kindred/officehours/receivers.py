"""What office hours hand to the layers below as they start: booked
conversations are engagements a pair's or a circle's meetings must not
clash with, and events in people's calendar feeds."""

from __future__ import annotations

from kindred.meetings.engagements import provide
from kindred.meetings.feed import provide_events
from kindred.officehours.invitations import feed_events
from kindred.officehours.selectors import NAME, engagements

provide(NAME, engagements)
provide_events(NAME, feed_events)
