"""Model building blocks shared by several apps."""

from __future__ import annotations

from typing import Any

from django.db import models


class AppendOnly(Exception):
    """An audit row was about to be changed or removed."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnly("Audit entries are never changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("Audit entries are never removed.")


class AppendOnlyModel(models.Model):
    """Rows are added, never changed or removed, through the ORM or the admin."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnly("Audit entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnly("Audit entries are never removed.")
