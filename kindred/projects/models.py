"""Joint projects: something real a pair or a circle builds together, with
milestones, deliverables (links or files), the transferable skills it
builds, feedback both ways, and an optional programme showcase."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from kindred.lib.text import validate_single_line

SKILLS = (
    "Project management",
    "Presenting",
    "Writing",
    "Research",
    "Giving and receiving feedback",
)


class Project(models.Model):
    class Status(models.TextChoices):
        PLANNING = "planning", gettext_lazy("Planning")
        ACTIVE = "active", gettext_lazy("Under way")
        DONE = "done", gettext_lazy("Done")
        STOPPED = "stopped", gettext_lazy("Stopped")

    programme = models.ForeignKey(
        "programs.Programme", on_delete=models.CASCADE, related_name="projects"
    )
    # A project is a pair's or a circle's (exactly one). Circles live above
    # projects and are ended, never deleted, so the circle is held by its id.
    relationship = models.ForeignKey(
        "relationships.Relationship",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="projects",
    )
    circle = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    title = models.CharField(max_length=120, validators=[validate_single_line])
    purpose = models.TextField(max_length=1000)
    beneficiaries = models.CharField(max_length=300, blank=True)  # who benefits
    skills = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    showcase_summary = models.TextField(max_length=2000, blank=True)
    showcase_deliverable = models.ForeignKey(
        "Deliverable", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(relationship__isnull=False, circle__isnull=True)
                | models.Q(relationship__isnull=True, circle__isnull=False),
                name="project_of_a_pair_or_a_circle",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200, validators=[validate_single_line])
    due_date = models.DateField()  # in the owner's own zone
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.title


class Deliverable(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="deliverables")
    milestone = models.ForeignKey(
        Milestone, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliverables"
    )
    title = models.CharField(max_length=200, validators=[validate_single_line])
    link = models.URLField(max_length=500, blank=True)
    # Stored under a random name through Django's storage API; never served
    # as a page, only as a download to the pair and the programme's managers.
    file = models.FileField(upload_to="deliverables/%Y/%m/", blank=True, max_length=200)
    file_name = models.CharField(max_length=120, blank=True)  # the name it was uploaded with
    content_type = models.CharField(max_length=100, blank=True)  # from our allow-list
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


class Feedback(models.Model):
    """Structured feedback on a deliverable or a milestone, either way."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="feedback")
    deliverable = models.ForeignKey(
        Deliverable, on_delete=models.CASCADE, null=True, blank=True, related_name="feedback"
    )
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, null=True, blank=True, related_name="feedback"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    worked = models.TextField(max_length=1000)
    improve = models.TextField(max_length=1000)
    try_next = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "feedback"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Feedback {self.pk} on {self.project_id}"
