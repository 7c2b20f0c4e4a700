"""What circles hand to the layers below as they start: their meetings are
engagements a pair's bookings must not clash with, and events in people's
calendar feeds."""

from __future__ import annotations

from kindred.circles.invitations import feed_events
from kindred.circles.selectors import NAME, engagements
from kindred.meetings.engagements import provide
from kindred.meetings.feed import provide_events

provide(NAME, engagements)
provide_events(NAME, feed_events)
