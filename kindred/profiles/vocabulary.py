"""The shared starting vocabulary of goals and skills. Programmes add their own."""

from typing import Any

SHARED_GOALS = (
    "Grow into a leadership role",
    "Build confidence when speaking up",
    "Plan my next career move",
    "Change to a new discipline",
    "Widen my network across the organisation",
    "Get better at working remotely",
    "Balance work with caregiving",
    "Prepare for a promotion",
    "Develop deeper technical expertise",
    "Find more meaning in my work",
    "Navigate organisational politics",
    "Become a mentor myself",
)

SHARED_SKILLS = (
    "Project management",
    "Presenting",
    "Writing",
    "Research",
    "Giving and receiving feedback",
    "Stakeholder management",
    "Strategic thinking",
    "People management",
    "Negotiation",
    "Data analysis",
    "Software engineering",
    "Product management",
    "Design thinking",
    "Facilitation",
    "Coaching",
    "Budgeting and finance",
    "Public speaking",
    "Time management",
    "Cross-cultural communication",
    "Change management",
)


def ensure_shared_vocabulary(topic_model: Any) -> None:
    """Create any missing shared topic. Takes the model so the data migration
    can pass its historical version."""
    for kind, names in (("goal", SHARED_GOALS), ("skill", SHARED_SKILLS)):
        for name in names:
            topic_model.objects.get_or_create(kind=kind, name=name, programme=None)
