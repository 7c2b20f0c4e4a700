"""What programmes tell the apps above them, which the programmes app never
imports: they connect their receivers when Django starts."""

from __future__ import annotations

from django.dispatch import Signal

# People joined a programme for the first time (an invitation accepted, an
# import's new people), inside the transaction that enrolled them.
# Arguments: people, a list of user ids.
people_joined = Signal()
