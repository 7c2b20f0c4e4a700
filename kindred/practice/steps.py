"""The practice page's sections: for each skill, the person's figures
with what each means, and one suggested next step chosen from those
figures. Mentees get the sections that make sense for their side:
follow-through, reliability, the agreement and preparation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kindred.guides.bank import LEVELS
from kindred.lib.privacy import MIN_GROUP, NOT_ENOUGH
from kindred.practice.practice import Practice

KEEP_CADENCE = 0.75  # below this share of cadence periods with a meeting, suggest a series
UNPROMPTED = 0.8  # below this share done before any reminder, suggest a routine
LOW_COMFORT = 4.0  # on the check-in's 1-5 scale


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    meaning: str


@dataclass(frozen=True)
class Section:
    key: str
    skill: str
    module: str  # the practice module that teaches it
    figures: tuple[Figure, ...]
    next_step: str


def _share(part: int, whole: int) -> str:
    return f"{part} of {whole}" if whole else "none yet"


def _trust_figures(p: Practice) -> tuple[Figure, ...]:
    partner = "your mentee" if p.side == "mentor" else "your mentor"
    return (
        Figure("Meetings you proposed first",
               f"{p.proposed_first} ({partner}: {p.partner_proposed_first})",
               "Who first suggested each meeting, however it was moved afterwards."),
        Figure("Times you wrote first", f"{p.wrote_first} ({partner}: {p.partner_wrote_first})",
               "The first message of each conversation and the first after a week's silence."),
        Figure("Cadence kept", _share(p.periods_kept, p.periods),
               "Whole periods of your agreed cadence in which a meeting was held."),
        Figure("Meetings attended", _share(p.reliability.attended, p.reliability.due),
               "Meetings held or missed that you came to."),
        Figure("On time", _share(p.reliability.on_time, p.reliability.attended),
               "Meetings you attended without arriving late."),
        Figure("Late cancellations", str(p.reliability.late_cancellations),
               "Meetings you cancelled with less than 24 hours' notice."),
        Figure("Commitments completed", _share(p.ledger.completed, p.ledger.made),
               "Action items you owned that you marked done."),
        Figure("Done on time", _share(p.ledger.on_time, p.ledger.completed),
               "Done on or before the due date, in your own time zone."),
        Figure("Done unprompted", _share(p.ledger.unprompted, p.ledger.completed),
               "Done before Kindred sent you any reminder."),
    )  # fmt: skip


def _trust_step(p: Practice) -> str:
    if not p.relationships:
        return "Once you are matched, write first within three days and offer two times."
    if p.ledger.overdue_now:
        n = p.ledger.overdue_now
        return (
            f"Finish or renegotiate your {n} overdue commitment{'s' * (n > 1)} this week, "
            "and tell your partner either way."
        )
    if p.side == "mentor" and p.cadence_kept is not None and p.cadence_kept < KEEP_CADENCE:
        return (
            f"You met in {p.periods_kept} of {p.periods} cadence periods. Propose the next "
            "three meetings as a series at your usual time."
        )
    if p.partner_proposed_first > p.proposed_first:
        return "Your partner proposed most of your meetings. Offer the next time yourself."
    if p.unprompted_share is not None and p.unprompted_share < UNPROMPTED:
        return (
            "Much of what you finish comes after a reminder. Block fifteen minutes the day "
            "before each due date."
        )
    if p.reliability.late_cancellations:
        return "Keep meetings you have confirmed; if you must move one, do it a day ahead."
    return (
        "You are reliable and you reach out. Ask your partner what would make meetings more useful."
    )


def _engagement(p: Practice) -> Section:
    figures = (
        Figure("Agreements signed", _share(p.agreements_in_force, p.relationships),
               "Relationships with an engagement agreement both of you have signed."),
        Figure("Kept current", _share(p.agreements_current, p.agreements_in_force),
               "The signed version is the latest and your hours have not changed since."),
    )  # fmt: skip
    if p.agreements_in_force < p.relationships:
        step = "Fill in the engagement agreement together in your next meeting, and both sign it."
    elif p.agreements_current < p.agreements_in_force:
        step = "Your hours or a draft have moved on since you signed: agree and sign a new version."
    elif not p.relationships:
        step = "In your first meeting, open the agreement form and fill it in together."
    else:
        step = "In your next meeting, check that the cadence and channels still work for you both."
    return Section("engagement", "Clarify the rules of engagement", "engagement", figures, step)


def _forming(p: Practice) -> Section:
    figures = tuple(
        Figure(f"Level {level}: {name}", str(p.asked_by_level.get(level, 0)),
               "Questions from the conversation guide you marked as asked.")
        for level, name in LEVELS.items()
    )  # fmt: skip
    deepest = p.deepest_level
    if deepest < len(LEVELS):
        step = (
            f"In your next meeting, ask one question from level {deepest + 1} "
            f"({LEVELS[deepest + 1].lower()}) of the guide, and let your partner skip it."
        )
    else:
        step = "Open What you share together and talk about one value you rank differently."
    return Section(
        "forming", "Be intentional when forming the relationship", "forming", figures, step
    )


def _boundaries(p: Practice) -> Section:
    c = p.comfort
    figures: tuple[Figure, ...]
    if c.shown:
        figures = (
            Figure("People whose check-ins are pooled here", str(c.people),
                   "Private answers after meetings; you never see one alone."),
            Figure("Sharing felt comfortable", f"{c.sharing_comfortable} of 5",
                   "The average answer."),
            Figure("Boundaries respected", f"{c.boundaries_respected} of 5",
                   "The average answer."),
        )  # fmt: skip
    else:
        figures = (
            Figure("Check-ins about your meetings", NOT_ENOUGH,
                   f"Averages appear once {MIN_GROUP} different people have checked in "
                   "after meetings with you, so no one's answers can be read; until then "
                   "not even their number is shown."),
        )  # fmt: skip
    if not c.shown:
        step = (
            "Now and then ask out loud: is there anything you would rather we did not talk about?"
        )
    elif min(c.sharing_comfortable or 5, c.boundaries_respected or 5) < LOW_COMFORT:
        step = (
            "Check-ins suggest conversations sometimes go further than mentees like: let them lead."
        )
    else:
        step = "Mentees feel comfortable with you. Keep letting them choose how much to share."
    return Section(
        "boundaries", "Balance authenticity with boundaries", "boundaries", figures, step
    )


def _collaboration(p: Practice) -> Section:
    m = p.milestones
    figures = (
        Figure("Milestones done", _share(m.done, m.total), "Milestones of your joint projects."),
        Figure("On time", _share(m.on_time, m.done),
               "Done by their due date, in the owner's zone."),
    )  # fmt: skip
    if not m.total:
        step = "Agree one joint project with your mentee and write its first milestone in Kindred."
    elif m.done < m.total:
        step = (
            f"{m.total - m.done} milestones are open: agree with your mentee who owns the next one."
        )
    else:
        step = "Exchange feedback both ways on your latest deliverable."
    return Section("collaboration", "Collaborate", "collaboration", figures, step)


def _preparation(p: Practice) -> Section:
    figures = (
        Figure("Ready for the meeting", _share(p.ready_for_meeting, p.due_before_meeting),
               "Commitments due before a meeting that you had done by the time it started."),
    )  # fmt: skip
    if not p.due_before_meeting:
        step = "Before each meeting, add one thing you will have done by then as a commitment."
    elif p.ready_for_meeting < p.due_before_meeting:
        step = "Finish what you promised before the meeting it was for, even if only in part."
    else:
        step = "You come prepared. Bring one question of your own to the next meeting too."
    return Section("preparation", "Come prepared", "trust", figures, step)


def sections(p: Practice) -> list[Section]:
    trust = Section("trust", "Build trust", "trust", _trust_figures(p), _trust_step(p))
    if p.side == "mentee":
        return [trust, _engagement(p), _preparation(p)]
    builders: list[Callable[[Practice], Section]] = [
        _engagement,
        _forming,
        _boundaries,
        _collaboration,
    ]
    return [trust, *(build(p) for build in builders)]
