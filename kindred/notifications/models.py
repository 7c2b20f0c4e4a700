"""The notification outbox: every e-mail Kindred sends is a row here first.

A row is written in the same transaction as the change it reports, so a
notification is never lost; its idempotency key is unique, so it is never
queued twice; and a worker claims it before sending and marks it sent after,
so two workers never send it both. A worker that dies leaves its claim to
lapse: what it had not begun goes back in the queue, and the one message it
was sending is sent again with the same Message-ID (and an invitation with
the same calendar UID), which mail and calendar clients treat as one."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy


class NotificationQuerySet(models.QuerySet["Notification"]):
    def due(self, now: dt.datetime) -> NotificationQuerySet:
        """Waiting to be sent, and its time (or its retry's) has come."""
        return self.filter(
            state=Notification.State.PENDING, earliest_send_at__lte=now, next_attempt_at__lte=now
        )


class Notification(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", gettext_lazy("Waiting")
        SENDING = "sending", gettext_lazy("Being sent")
        SENT = "sent", gettext_lazy("Sent")
        FAILED = "failed", gettext_lazy("Failed")
        WITHDRAWN = (
            "withdrawn",
            gettext_lazy("No longer needed"),
        )  # e.g. the message was read in the app

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    # Set instead of `recipient` for a message to an address that has no
    # account yet (the link that proves it before one is made).
    address = models.EmailField(blank=True)
    kind = models.CharField(max_length=40)
    # The typed message's parameters (see `messages`), from which the text
    # below was rendered and can be rendered again.
    params = models.JSONField(default=dict, blank=True)
    # The people the text names, as ",3,17,": re-rendered when one is erased
    # (a digest may name hundreds, so no length limit).
    mentions = models.TextField(blank=True)
    # The request, task or command that queued it (kindred.lib.logs), sent
    # as X-Kindred-Request-ID so a message can be traced to what caused it.
    request_id = models.CharField(max_length=64, blank=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    payload = models.JSONField(default=dict, blank=True)
    urgent = models.BooleanField(default=False)
    earliest_send_at = models.DateTimeField(default=timezone.now, db_index=True)
    idempotency_key = models.CharField(max_length=200, unique=True)
    digest_key = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)  # renewed while the worker lives
    send_started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The in-app notification centre: where the item opens (a path on this
    # site) and when its recipient opened it, whatever became of the e-mail.
    link = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["earliest_send_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | ~models.Q(address=""),
                name="notification_has_a_recipient_or_address",
            )
        ]
        indexes = [
            models.Index(fields=["state", "earliest_send_at", "next_attempt_at"]),
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient_id or 'an address'} ({self.state})"

    @property
    def to(self) -> str:
        return self.recipient.email if self.recipient is not None else self.address
