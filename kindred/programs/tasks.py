"""Background work for programmes. Their e-mails go through the
notification outbox (kindred.notifications), which the worker dispatches."""
