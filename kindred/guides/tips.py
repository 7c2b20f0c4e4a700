"""What Kindred tells mentors at each stage, from the article Kindred grew
from: reach out first, agree the rules, show care, and keep authenticity and
boundaries in balance as the relationship deepens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Stage:
    number: int
    name: StrOrPromise  # words are chosen when shown, in the reader's language
    deepest_level: int  # the deepest question level suggested at this stage
    boundary_tip: StrOrPromise
    peer_tip: StrOrPromise  # the same stage between two peers, who both lead


# Meetings held -> stage. Depth grows as the pair meets, never all at once.
STAGES = (
    Stage(
        1,
        gettext_lazy("Getting to know each other"),
        1,
        gettext_lazy(
            "Share a little about your own week first; it makes it easier for your mentee to "
            "share theirs. Keep to what you would say to any colleague for now."
        ),
        gettext_lazy(
            "Take turns going first, and keep to what you would say to any colleague for now: "
            "you may work near each other for years."
        ),
    ),
    Stage(
        2,
        gettext_lazy("Finding what matters"),
        2,
        gettext_lazy(
            "Talk about values in your own words, and let your mentee choose how much to say. "
            "If a question feels too personal, skipping it is always fine."
        ),
        gettext_lazy(
            "Say what matters to you at work and why, then ask the same; notice where you differ "
            "rather than where one of you is ahead."
        ),
    ),
    Stage(
        3,
        gettext_lazy("Going deeper"),
        3,
        gettext_lazy(
            "When your mentee shares a struggle, listen before advising, and say what you can and "
            "cannot keep between you. You may share your own setbacks, without making it about you."
        ),
        gettext_lazy(
            "When one of you brings a struggle, the other listens first and asks before advising. "
            "Trade setbacks as equals; neither of you has to have the answer."
        ),
    ),
    Stage(
        4,
        gettext_lazy("Dreams and direction"),
        4,
        gettext_lazy(
            "Encourage big thinking, and be honest about what you do not know. Keep to the hours "
            "you both agreed, even when conversations run long: reliability is part of care."
        ),
        gettext_lazy(
            "Name where each of you wants to be in a year, and one step each before you next meet. "
            "Hold each other to it kindly: that is what a peer is for."
        ),
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
        gettext_lazy("Reach out first"),
        gettext_lazy(
            "Send a short, warm message before the first meeting: who you are, why you joined, and "
            "that you are looking forward to it. Mentees often wait; trust starts when you go "
            "first."
        ),
    ),
    (
        gettext_lazy("Agree the rules of engagement"),
        gettext_lazy(
            "Use the first meeting to agree how often you meet, how you reach each other, how fast "
            "you reply, and which hours are off limits for each of you; then both sign the "
            "agreement in Kindred so scheduling follows it."
        ),
    ),
    (
        gettext_lazy("Be intentional"),
        gettext_lazy(
            "Ask about their goals and what would make this worth their time, and write one or two "
            "shared objectives together. Start with the background questions Kindred suggests."
        ),
    ),
    (
        gettext_lazy("Show care"),
        gettext_lazy(
            "Ask how they are, remember what they told you, and follow up next time. Do what you "
            "say you will do, before anyone has to remind you: it is the clearest sign of care."
        ),
    ),
    (
        gettext_lazy("Keep the camera optional"),
        gettext_lazy(
            "Offer video, but let your mentee choose; some people share more by voice alone."
        ),
    ),
)


# The first meeting between two peers: neither waits for the other to lead.
PEER_FIRST_MEETING = (
    (
        gettext_lazy("Either of you reaches out"),
        gettext_lazy(
            "Do not wait to be contacted: send a short message saying who you are, what you hope "
            "to get from this and to give, and a time or two that suits you."
        ),
    ),
    (
        gettext_lazy("Agree the rules of engagement"),
        gettext_lazy(
            "How often you meet, how you reach each other, how fast you reply, which hours are off "
            "limits for each of you, and who leads which meeting; then both sign the agreement in "
            "Kindred so scheduling follows it."
        ),
    ),
    (
        gettext_lazy("Say what each of you brings"),
        gettext_lazy(
            "One thing you are good at that the other might use, and one thing you want to get "
            "better at. Write a shared objective for each of you."
        ),
    ),
    (
        gettext_lazy("Keep the camera optional"),
        gettext_lazy(
            "Offer video, but let the other choose; some people share more by voice alone."
        ),
    ),
)


# Reverse mentoring: a junior colleague mentors a senior one. The hierarchy
# does not go away because the roles are turned round, so each side is told
# what to expect and how to keep the relationship safe for the junior one.
REVERSE_GUIDE = {
    "mentor": (
        (
            gettext_lazy("You are the expert here"),
            gettext_lazy(
                "You were chosen for what you know and how you see the organisation from where you "
                "sit. Say it plainly, including what would surprise someone at your mentee's level."
            ),
        ),
        (
            gettext_lazy("Say your boundaries out loud"),
            gettext_lazy(
                "Agree at the first meeting what you will and will not talk about (your own "
                "manager, your team's decisions, anything you heard in confidence), and which "
                "hours are yours. A senior mentee may not notice when they cross a line: telling "
                "them is part of the job, and the signed agreement backs you."
            ),
        ),
        (
            gettext_lazy("Keep it outside your reporting line"),
            gettext_lazy(
                "What happens here is not part of your appraisal or your manager's view of you. If "
                "your mentee asks you to raise something with your management, you may say no."
            ),
        ),
        (
            gettext_lazy("Ask for help if it stops feeling safe"),
            gettext_lazy(
                "If you ever feel pressed or judged, use a private check-in or report a concern: "
                "the programme managers handle it, and your mentee never sees who raised it."
            ),
        ),
    ),
    "mentee": (
        (
            gettext_lazy("Come to learn"),
            gettext_lazy(
                "You are the one asking for help here. Bring real questions about what you do not "
                "know, and try what your mentor suggests before judging it."
            ),
        ),
        (
            gettext_lazy("Make it safe to correct you"),
            gettext_lazy(
                "Your mentor may hesitate to tell a senior person they are wrong. Ask for it "
                "directly, thank them when they do, and never let it reach their manager or review."
            ),
        ),
        (
            gettext_lazy("Let them set the pace"),
            gettext_lazy(
                "Keep to the hours and channels you agreed, even if your diary is fuller: a junior "
                "colleague will rarely refuse a meeting you move at short notice."
            ),
        ),
        (
            gettext_lazy("Leave rank outside"),
            gettext_lazy(
                "Do not use the time to assign work or to ask about their team's affairs. What you "
                "hear stays between you, in both directions."
            ),
        ),
    ),
}


# Peer mentoring: two colleagues at a similar level mentor each other. With
# no mentor side, the risks are that one person does all the asking, that
# the hour turns into a chat or a contest, and that no one holds the other
# to what they said; each tip answers one of these, for both of them.
PEER_GUIDE = (
    (
        gettext_lazy("Split the time, on purpose"),
        gettext_lazy(
            "Give each of you half of every meeting, and say at the start who goes first. If one "
            "of you needed the whole hour last time, the other leads this time."
        ),
    ),
    (
        gettext_lazy("Each bring one real question"),
        gettext_lazy(
            "Come with one thing you are stuck on or deciding: a message to a team you rarely see, "
            "a priority call, a conversation you are putting off. A peer's view is most useful on "
            "something live."
        ),
    ),
    (
        gettext_lazy("Coach before you advise"),
        gettext_lazy(
            "Ask what your peer has tried and what they would do before offering what you would "
            "do. You know their world well, which makes it easy to answer too quickly."
        ),
    ),
    (
        gettext_lazy("Keep score of promises, not of each other"),
        gettext_lazy(
            "End with one thing each of you will try, in the commitments ledger, and start the "
            "next meeting with how it went. You are equals: comparing careers or results helps "
            "neither."
        ),
    ),
    (
        gettext_lazy("Confidence runs both ways"),
        gettext_lazy(
            "You may share a manager, a team or a promotion round. Agree what stays between you at "
            "the first meeting, and keep it even when it would be useful to repeat."
        ),
    ),
)


# A circle's guide: for each stage (by meetings the circle has held), how
# to run a group conversation well, for everyone in it.
GROUP_GUIDE = {
    1: (
        gettext_lazy("Start with rounds"),
        gettext_lazy(
            "Give everyone two minutes to say who they are and what brought them here, in turn, "
            "before any discussion: in a group the quietest voice is the first to be lost. Agree "
            "together that what is said in the circle stays in it."
        ),
    ),
    2: (
        gettext_lazy("Share the air"),
        gettext_lazy(
            "Take one person's question each meeting and let the others ask before they advise. "
            "The facilitator watches the clock and invites whoever has not spoken yet."
        ),
    ),
    3: (
        gettext_lazy("Go deeper, by choice"),
        gettext_lazy(
            "Deeper questions are an invitation, never a round everyone must answer: anyone may "
            "pass. Thank people for what they share, and do not bring it up outside the circle."
        ),
    ),
    4: (
        gettext_lazy("Commit in front of each other"),
        gettext_lazy(
            "End each meeting with one thing each person will try before the next, and start the "
            "next with how it went. Rotate who chooses the theme."
        ),
    ),
}
