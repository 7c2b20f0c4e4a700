"""Asynchronous messages inside a relationship, and how far each person has
read. Programme managers never see message bodies."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Message(models.Model):
    relationship = models.ForeignKey(
        "relationships.Relationship", on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=4000)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["relationship", "id"])]

    def __str__(self) -> str:
        return f"Message {self.pk} in {self.relationship_id}"


class ThreadRead(models.Model):
    """The last message a person has seen in a relationship's thread."""

    relationship = models.ForeignKey(
        "relationships.Relationship", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_id = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["relationship", "user"], name="one_read_mark")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.relationship_id} to {self.last_read_id}"
