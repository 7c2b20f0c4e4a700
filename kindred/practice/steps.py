"""The practice page's sections: for each skill, the person's figures
with what each means, and one suggested next step chosen from those
figures. Mentees get the sections that make sense for their side:
follow-through, reliability, the agreement and preparation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
    return _("%(part)s of %(whole)s") % {"part": part, "whole": whole} if whole else _("none yet")


def _trust_figures(p: Practice) -> tuple[Figure, ...]:
    partner = _("your mentee") if p.side == "mentor" else _("your mentor")
    return (
        Figure(
            _("Meetings you proposed first"),
            _("%(proposed_first)s (%(partner)s: %(partner_proposed_first)s)")
            % {
                "proposed_first": p.proposed_first,
                "partner": partner,
                "partner_proposed_first": p.partner_proposed_first,
            },
            _("Who first suggested each meeting, however it was moved afterwards."),
        ),
        Figure(
            _("Times you wrote first"),
            _("%(wrote_first)s (%(partner)s: %(partner_wrote_first)s)")
            % {
                "wrote_first": p.wrote_first,
                "partner": partner,
                "partner_wrote_first": p.partner_wrote_first,
            },
            _("The first message of each conversation and the first after a week's silence."),
        ),
        Figure(
            _("Cadence kept"),
            _share(p.periods_kept, p.periods),
            _("Whole periods of your agreed cadence in which a meeting was held."),
        ),
        Figure(
            _("Meetings attended"),
            _share(p.reliability.attended, p.reliability.due),
            _("Meetings held or missed that you came to."),
        ),
        Figure(
            _("On time"),
            _share(p.reliability.on_time, p.reliability.attended),
            _("Meetings you attended without arriving late."),
        ),
        Figure(
            _("Late cancellations"),
            str(p.reliability.late_cancellations),
            _("Meetings you cancelled with less than 24 hours' notice."),
        ),
        Figure(
            _("Commitments completed"),
            _share(p.ledger.completed, p.ledger.made),
            _("Action items you owned that you marked done."),
        ),
        Figure(
            _("Done on time"),
            _share(p.ledger.on_time, p.ledger.completed),
            _("Done on or before the due date, in your own time zone."),
        ),
        Figure(
            _("Done unprompted"),
            _share(p.ledger.unprompted, p.ledger.completed),
            _("Done before Kindred sent you any reminder."),
        ),
    )


def _trust_step(p: Practice) -> str:
    if not p.relationships:
        return _("Once you are matched, write first within three days and offer two times.")
    if p.ledger.overdue_now:
        n = p.ledger.overdue_now
        return ngettext(
            "Finish or renegotiate your %(count)s overdue commitment this week, and tell your "
            "partner either way.",
            "Finish or renegotiate your %(count)s overdue commitments this week, and tell your "
            "partner either way.",
            n,
        ) % {"count": n}
    if p.side == "mentor" and p.cadence_kept is not None and p.cadence_kept < KEEP_CADENCE:
        return _(
            "You met in %(kept)s of %(periods)s cadence periods. Propose the next three "
            "meetings as a series at your usual time."
        ) % {"kept": p.periods_kept, "periods": p.periods}
    if p.partner_proposed_first > p.proposed_first:
        return _("Your partner proposed most of your meetings. Offer the next time yourself.")
    if p.unprompted_share is not None and p.unprompted_share < UNPROMPTED:
        return _(
            "Much of what you finish comes after a reminder. Block fifteen minutes the day "
            "before each due date."
        )
    if p.reliability.late_cancellations:
        return _("Keep meetings you have confirmed; if you must move one, do it a day ahead.")
    return _(
        "You are reliable and you reach out. Ask your partner what would make meetings more useful."
    )


def _engagement(p: Practice) -> Section:
    figures = (
        Figure(
            _("Agreements signed"),
            _share(p.agreements_in_force, p.relationships),
            _("Relationships with an engagement agreement both of you have signed."),
        ),
        Figure(
            _("Kept current"),
            _share(p.agreements_current, p.agreements_in_force),
            _("The signed version is the latest and your hours have not changed since."),
        ),
    )
    if p.agreements_in_force < p.relationships:
        step = _(
            "Fill in the engagement agreement together in your next meeting, and both sign it."
        )
    elif p.agreements_current < p.agreements_in_force:
        step = _(
            "Your hours or a draft have moved on since you signed: agree and sign a new version."
        )
    elif not p.relationships:
        step = _("In your first meeting, open the agreement form and fill it in together.")
    else:
        step = _(
            "In your next meeting, check that the cadence and channels still work for you both."
        )
    return Section("engagement", _("Clarify the rules of engagement"), "engagement", figures, step)


def _forming(p: Practice) -> Section:
    figures = tuple(
        Figure(
            _("Level %(level)s: %(name)s") % {"level": level, "name": name},
            str(p.asked_by_level.get(level, 0)),
            _("Questions from the conversation guide you marked as asked."),
        )
        for level, name in LEVELS.items()
    )
    deepest = p.deepest_level
    if deepest < len(LEVELS):
        step = _(
            "In your next meeting, ask one question from level %(level)s of the guide "
            "(%(name)s), and let your partner skip it."
        ) % {"level": deepest + 1, "name": LEVELS[deepest + 1]}
    else:
        step = _("Open What you share together and talk about one value you rank differently.")
    return Section(
        "forming", _("Be intentional when forming the relationship"), "forming", figures, step
    )


def _boundaries(p: Practice) -> Section:
    c = p.comfort
    figures: tuple[Figure, ...]
    if c.shown:
        figures = (
            Figure(
                _("People whose check-ins are pooled here"),
                str(c.people),
                _("Private answers after meetings; you never see one alone."),
            ),
            Figure(
                _("Sharing felt comfortable"),
                _("%(value)s of 5") % {"value": c.sharing_comfortable},
                _("The average answer."),
            ),
            Figure(
                _("Boundaries respected"),
                _("%(value)s of 5") % {"value": c.boundaries_respected},
                _("The average answer."),
            ),
        )
    else:
        figures = (
            Figure(
                _("Check-ins about your meetings"),
                _(NOT_ENOUGH),
                _(
                    "Averages appear once %(min_group)s different people have checked in "
                    "after meetings with you, so no one's answers can be read; until then "
                    "not even their number is shown."
                )
                % {"min_group": MIN_GROUP},
            ),
        )
    if not c.shown:
        step = _(
            "Now and then ask out loud: is there anything you would rather we did not talk about?"
        )
    elif min(c.sharing_comfortable or 5, c.boundaries_respected or 5) < LOW_COMFORT:
        step = _(
            "Check-ins suggest conversations sometimes go further than mentees like: let them lead."
        )
    else:
        step = _("Mentees feel comfortable with you. Keep letting them choose how much to share.")
    return Section(
        "boundaries", _("Balance authenticity with boundaries"), "boundaries", figures, step
    )


def _collaboration(p: Practice) -> Section:
    m = p.milestones
    figures = (
        Figure(
            _("Milestones done"), _share(m.done, m.total), _("Milestones of your joint projects.")
        ),
        Figure(
            _("On time"),
            _share(m.on_time, m.done),
            _("Done by their due date, in the owner's zone."),
        ),
    )
    if not m.total:
        step = _(
            "Agree one joint project with your mentee and write its first milestone in Kindred."
        )
    elif m.done < m.total:
        step = ngettext(
            "%(count)s milestone is open: agree with your mentee who owns it.",
            "%(count)s milestones are open: agree with your mentee who owns the next one.",
            m.total - m.done,
        ) % {"count": m.total - m.done}
    else:
        step = _("Exchange feedback both ways on your latest deliverable.")
    return Section("collaboration", _("Collaborate"), "collaboration", figures, step)


def _preparation(p: Practice) -> Section:
    figures = (
        Figure(
            _("Ready for the meeting"),
            _share(p.ready_for_meeting, p.due_before_meeting),
            _("Commitments due before a meeting that you had done by the time it started."),
        ),
    )
    if not p.due_before_meeting:
        step = _("Before each meeting, add one thing you will have done by then as a commitment.")
    elif p.ready_for_meeting < p.due_before_meeting:
        step = _("Finish what you promised before the meeting it was for, even if only in part.")
    else:
        step = _("You come prepared. Bring one question of your own to the next meeting too.")
    return Section("preparation", _("Come prepared"), "trust", figures, step)


def sections(p: Practice) -> list[Section]:
    trust = Section("trust", _("Build trust"), "trust", _trust_figures(p), _trust_step(p))
    if p.side == "mentee":
        return [trust, _engagement(p), _preparation(p)]
    builders: list[Callable[[Practice], Section]] = [
        _engagement,
        _forming,
        _boundaries,
        _collaboration,
    ]
    return [trust, *(build(p) for build in builders)]
