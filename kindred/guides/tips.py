"""What Kindred tells mentors at each stage, from the article Kindred grew
from: reach out first, agree the rules, show care, and keep authenticity and
boundaries in balance as the relationship deepens."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    number: int
    name: str
    deepest_level: int  # the deepest question level suggested at this stage
    boundary_tip: str


# Meetings held -> stage. Depth grows as the pair meets, never all at once.
STAGES = (
    Stage(
        1,
        "Getting to know each other",
        1,
        "Share a little about your own week first; it makes it easier for your mentee to "
        "share theirs. Keep to what you would say to any colleague for now.",
    ),
    Stage(
        2,
        "Finding what matters",
        2,
        "Talk about values in your own words, and let your mentee choose how much to say. "
        "If a question feels too personal, skipping it is always fine.",
    ),
    Stage(
        3,
        "Going deeper",
        3,
        "When your mentee shares a struggle, listen before advising, and say what you can and "
        "cannot keep between you. You may share your own setbacks, without making it about you.",
    ),
    Stage(
        4,
        "Dreams and direction",
        4,
        "Encourage big thinking, and be honest about what you do not know. Keep to the hours "
        "you both agreed, even when conversations run long: reliability is part of care.",
    ),
)


def stage_for(meetings_held: int) -> Stage:
    """1 before the first meeting, 2 after one or two, 3 after three to five,
    4 from the sixth on."""
    if meetings_held == 0:
        return STAGES[0]
    if meetings_held <= 2:
        return STAGES[1]
    if meetings_held <= 5:
        return STAGES[2]
    return STAGES[3]


FIRST_MEETING_GUIDE = (
    (
        "Reach out first",
        "Send a short, warm message before the first meeting: who you are, why you joined, and "
        "that you are looking forward to it. Mentees often wait; trust starts when you go first.",
    ),
    (
        "Agree the rules of engagement",
        "Use the first meeting to agree how often you meet, how you reach each other, how fast "
        "you reply, and which hours are off limits for each of you; then both sign the "
        "agreement in Kindred so scheduling follows it.",
    ),
    (
        "Be intentional",
        "Ask about their goals and what would make this worth their time, and write one or two "
        "shared objectives together. Start with the background questions Kindred suggests.",
    ),
    (
        "Show care",
        "Ask how they are, remember what they told you, and follow up next time. Do what you "
        "say you will do, before anyone has to remind you: it is the clearest sign of care.",
    ),
    (
        "Keep the camera optional",
        "Offer video, but let your mentee choose; some people share more by voice alone.",
    ),
)
