"""Outcomes: whether a programme's participants stayed and were promoted
more than comparable colleagues who did not take part, read from the
organisation's dated HR changes (kindred.accounts.HrChange) and estimated
by kindred.engines.outcomes. See docs/outcomes.md."""
