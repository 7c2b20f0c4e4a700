"""The five practice modules, one per virtual-mentoring skill, written for
Kindred: why the skill matters when mentor and mentee never share a room,
what good looks like, how it usually goes wrong, three practices to try
this month, and a short scenario whose choices each carry feedback.
Plain data, so pages, the API and the tests read the same text."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

WORDS_PER_MINUTE = 200  # a careful reading pace; the scenario adds its own time
SCENARIO_MINUTES = 2


@dataclass(frozen=True)
class Choice:
    key: str
    text: StrOrPromise
    feedback: StrOrPromise
    best: bool = False


@dataclass(frozen=True)
class Scenario:
    situation: StrOrPromise
    question: StrOrPromise
    choices: tuple[Choice, ...]

    def choice(self, key: str) -> Choice | None:
        return next((c for c in self.choices if c.key == key), None)


@dataclass(frozen=True)
class FailureMode:
    name: StrOrPromise
    description: StrOrPromise


@dataclass(frozen=True)
class Module:
    key: str
    skill: StrOrPromise
    summary: StrOrPromise
    why: tuple[StrOrPromise, ...]
    good: tuple[StrOrPromise, ...]
    failures: tuple[FailureMode, ...]
    practices: tuple[StrOrPromise, ...]
    scenario: Scenario
    # Shown to people in a reverse mentoring programme (a junior colleague
    # mentors a senior one); not counted in the reading time everyone sees.
    in_reverse: tuple[StrOrPromise, ...] = ()

    @property
    def words(self) -> int:
        texts = [
            self.summary,
            *self.why,
            *self.good,
            *(f"{f.name} {f.description}" for f in self.failures),
            *self.practices,
            self.scenario.situation,
            self.scenario.question,
            *(f"{c.text} {c.feedback}" for c in self.scenario.choices),
        ]
        return sum(len(text.split()) for text in texts)

    @property
    def minutes(self) -> int:
        """Reading time at a careful pace plus time to think about the scenario."""
        return math.ceil(self.words / WORDS_PER_MINUTE) + SCENARIO_MINUTES


TRUST = Module(
    key="trust",
    skill=gettext_lazy("Build trust"),
    summary=gettext_lazy(
        "In a remote relationship trust is built from small, visible acts: reaching out "
        "first, turning up on time, and doing what you said without being chased."
    ),
    why=(
        gettext_lazy(
            "When you share an office, trust grows by itself: your mentee sees you in the "
            "corridor, hears how you talk to others, notices that you stayed late to help someone. "
            "Remotely, none of that happens. Your mentee knows you only through the meetings you "
            "keep, the messages you send and the promises you keep or let slide."
        ),
        gettext_lazy(
            "That makes every small act count more. A mentor who is two minutes late to a video "
            "call, or who forgets the article they offered to send, tells a remote mentee more "
            "than they intend. The good news is the same: reliability is easy to see, so it is "
            "quick to earn."
        ),
    ),
    good=(
        gettext_lazy(
            "You make the first contact after a match, within a few days, and you suggest a time."
        ),
        gettext_lazy(
            "You are in the call before the start time, with your camera ready and your notes open."
        ),
        gettext_lazy(
            "You write down what you promised during the meeting and do it before anyone asks."
        ),
        gettext_lazy(
            "You notice a silence of more than a week and reach out with something specific."
        ),
        gettext_lazy(
            "You listen more than you talk, and you remember what your mentee told you last time."
        ),
    ),
    failures=(
        FailureMode(
            gettext_lazy("Waiting to be contacted"),
            gettext_lazy(
                "Assuming the mentee will reach out because they are the one who wants help. Many "
                "mentees feel they would be imposing, so both people wait and weeks go by."
            ),
        ),
        FailureMode(
            gettext_lazy("Letting commitments slide"),
            gettext_lazy(
                "Offering an introduction or a template, then forgetting it. Each forgotten "
                "promise teaches the mentee that your words are polite rather than real."
            ),
        ),
        FailureMode(
            gettext_lazy("Moving meetings at the last minute"),
            gettext_lazy(
                "Rescheduling for anything more urgent. It tells the mentee where they rank."
            ),
        ),
    ),
    practices=(
        gettext_lazy(
            "Before each meeting ends, read back the commitments you both made and add them to "
            "Kindred with a due date you can keep."
        ),
        gettext_lazy(
            "Put a recurring fifteen-minute slot in your own calendar the day before each due date "
            "to finish what you promised."
        ),
        gettext_lazy(
            "If a week passes without a word, send one specific message: a link, a question about "
            "something they mentioned, or an offer of a time."
        ),
    ),
    scenario=Scenario(
        situation=gettext_lazy(
            "You were matched with Priya, a mentee in Singapore, nine days ago. Neither "
            "of you has written yet. Your week is busy and you assume she will get in touch when "
            "she is ready."
        ),
        question=gettext_lazy("What do you do today?"),
        choices=(
            Choice(
                "wait",
                gettext_lazy(
                    "Wait: she is the one who asked for a mentor, so the first move is hers."
                ),
                gettext_lazy(
                    "Most mentees hesitate to write first to a more senior person. Waiting feels "
                    "respectful, but to Priya it can look like a lack of interest. In a remote "
                    "programme, the first message sets the tone for the whole relationship."
                ),
            ),
            Choice(
                "write",
                gettext_lazy(
                    "Write to her now, say you are glad to be matched and propose two times "
                    "that suit both your working hours."
                ),
                gettext_lazy(
                    "Yes. Taking the initiative shows commitment before you have said anything "
                    "about mentoring. Offering concrete times, already converted to her zone, "
                    "removes the work of arranging and makes it easy to say yes."
                ),
                best=True,
            ),
            Choice(
                "manager",
                gettext_lazy("Ask the programme manager to remind her that she has been matched."),
                gettext_lazy(
                    "The programme team can help if someone is unreachable, but after nine days "
                    "nothing has gone wrong yet. Going through a third party makes the first "
                    "contact formal and puts the burden back on Priya."
                ),
            ),
        ),
    ),
)

ENGAGEMENT = Module(
    key="engagement",
    skill=gettext_lazy("Clarify the rules of engagement"),
    summary=gettext_lazy(
        "Agree early how often you meet, on which channels, how fast you reply and which "
        "hours are off limits, then keep the agreement current as life changes."
    ),
    why=(
        gettext_lazy(
            "Remote mentoring runs across time zones, school runs, caring duties and different "
            "habits with chat and e-mail. Without an explicit agreement each person fills the "
            "gaps with their own assumptions: one expects a reply within the hour, the other "
            "answers on Fridays; one thinks monthly is plenty, the other hoped for weekly."
        ),
        gettext_lazy(
            "An agreement turns those assumptions into something both people chose. It also "
            "protects the mentee, who may not feel able to say that a 7 a.m. call is hard for "
            "them. Kindred uses the signed agreement to suggest times and to hold back e-mails "
            "during off-limits hours, so writing it well pays off every week."
        ),
    ),
    good=(
        gettext_lazy(
            "You fill in the agreement together in the first meeting, not alone beforehand."
        ),
        gettext_lazy(
            "You ask which hours are hard for your mentee before you share your own preferences."
        ),
        gettext_lazy(
            "You agree a reply time you can really keep, not the one that sounds most committed."
        ),
        gettext_lazy(
            "When something changes, a new project, a new baby, a move, you propose a new version "
            "and both sign it again."
        ),
    ),
    failures=(
        FailureMode(
            gettext_lazy("Leaving it implicit"),
            gettext_lazy(
                "Skipping the agreement because the relationship feels friendly. The friction "
                "arrives later, when expectations quietly diverge."
            ),
        ),
        FailureMode(
            gettext_lazy("Setting rules for yourself only"),
            gettext_lazy(
                "Writing down your own availability and treating the mentee's as flexible. The "
                "power gap makes it hard for them to push back."
            ),
        ),
        FailureMode(
            gettext_lazy("Letting it go stale"),
            gettext_lazy(
                "Signing once and never revisiting it, so the agreement no longer describes how "
                "you actually work."
            ),
        ),
    ),
    practices=(
        gettext_lazy(
            "Open the agreement form in your first meeting and fill it in together "
            "on a shared screen."
        ),
        gettext_lazy(
            "Name one off-limits period of your own, such as evenings or a school run, so your "
            "mentee feels free to name theirs."
        ),
        gettext_lazy(
            "Every two months, spend two minutes asking whether the cadence and channels still "
            "work, and update the agreement if not."
        ),
    ),
    scenario=Scenario(
        situation=gettext_lazy(
            "Your mentee Tomás lives six hours behind you. In your second meeting he "
            "mentions that he has started picking up his daughter from school at 15:30 his time, "
            "which is when your fortnightly meeting starts."
        ),
        question=gettext_lazy("How do you respond?"),
        choices=(
            Choice(
                "cope",
                gettext_lazy(
                    "Tell him not to worry: he can join a few minutes late when he needs to."
                ),
                gettext_lazy(
                    "Kind, but it leaves him choosing between his daughter and being on time every "
                    "fortnight, and it keeps the problem invisible. Flexibility works best when it "
                    "is written into the plan rather than asked for each time."
                ),
            ),
            Choice(
                "update",
                gettext_lazy(
                    "Suggest you update the agreement together: add his school run as off-limits "
                    "and choose a new usual time."
                ),
                gettext_lazy(
                    "Yes. Naming the school run as an off-limits hour means Kindred will no longer "
                    "suggest times that clash with it, and signing a new version shows you take "
                    "his commitments as seriously as your own."
                ),
                best=True,
            ),
            Choice(
                "monthly",
                gettext_lazy("Propose meeting monthly instead, so the clash matters less."),
                gettext_lazy(
                    "Meeting less often changes the relationship to solve a scheduling problem. "
                    "The cadence should follow what the mentee needs, and the time should be "
                    "moved to fit his life."
                ),
            ),
        ),
    ),
)

FORMING = Module(
    key="forming",
    skill=gettext_lazy("Be intentional when forming the relationship"),
    summary=gettext_lazy(
        "Get to know your mentee below the surface, values, motivations, dreams, and "
        "resist the pull towards people who simply resemble you."
    ),
    why=(
        gettext_lazy(
            "Research on mentoring finds that deep-level similarity, shared values, personality "
            "and sense of calling, predicts a strong relationship far better than surface "
            "similarity such as age, gender or background. Remote work hides many surface cues, "
            "which is an opportunity: you can meet the person before the stereotype."
        ),
        gettext_lazy(
            "Depth does not happen by accident, though. Video calls drift towards status updates "
            "unless someone asks better questions. Going deeper gradually, background first, then "
            "values, then experiences and finally dreams, builds the safety that honest answers "
            "need."
        ),
    ),
    good=(
        gettext_lazy("You use the conversation guide and let your mentee skip any question."),
        gettext_lazy(
            "You ask what your mentee wants from their career before you offer your own path."
        ),
        gettext_lazy(
            "You reflect together on the values and goals you share, and on where you differ."
        ),
        gettext_lazy(
            "You check your first impression: would you have reached the same view of someone "
            "who looked and sounded less like you?"
        ),
    ),
    failures=(
        FailureMode(
            gettext_lazy("Assuming a mentee's aspirations"),
            gettext_lazy(
                "Deciding what they want, usually a version of your own career, and steering them "
                "towards it without asking."
            ),
        ),
        FailureMode(
            gettext_lazy("Defaulting to people like yourself"),
            gettext_lazy(
                "Investing more warmth and advocacy in mentees who share your background, and "
                "reading others through stereotypes."
            ),
        ),
        FailureMode(
            gettext_lazy("Staying on the surface"),
            gettext_lazy(
                "Keeping every meeting to tasks and updates, so the relationship never moves "
                "beyond polite help."
            ),
        ),
    ),
    practices=(
        gettext_lazy(
            "In each meeting, ask one question from the guide that goes a level deeper than the "
            "last one you used."
        ),
        gettext_lazy(
            "Open the What you share page together and talk about one value you share and one "
            "you rank differently."
        ),
        gettext_lazy(
            "Before giving advice, ask: what would a great outcome look like for "
            "you, in your words?"
        ),
    ),
    scenario=Scenario(
        situation=gettext_lazy(
            "Your mentee Amaka is a strong analyst. You moved from analysis into "
            "management yourself and you can see her doing the same. In your third meeting she "
            "asks for advice on her next step."
        ),
        question=gettext_lazy("What do you say first?"),
        choices=(
            Choice(
                "path",
                gettext_lazy(
                    "Explain how you made the move into management and offer to introduce her to "
                    "your old manager."
                ),
                gettext_lazy(
                    "Generous, but it assumes her aspiration is yours. She may want to become a "
                    "deep specialist, move country or start something of her own. Advice built "
                    "on your path can close doors she has not mentioned yet."
                ),
            ),
            Choice(
                "ask",
                gettext_lazy(
                    "Ask what she would love her work to look like in three years, and what draws "
                    "her to it."
                ),
                gettext_lazy(
                    "Yes. Asking about her calling before offering your own story is what being "
                    "intentional means: you learn what she values and you can tailor every "
                    "suggestion that follows."
                ),
                best=True,
            ),
            Choice(
                "course",
                gettext_lazy(
                    "Recommend a leadership course, since most strong analysts eventually lead."
                ),
                gettext_lazy(
                    "This generalises from people in general to Amaka in particular. It may be "
                    "right, but you have not yet earned the knowledge to say so."
                ),
            ),
        ),
    ),
    in_reverse=(
        gettext_lazy(
            "In reverse mentoring, be explicit about why you were paired: the senior mentee wants "
            "to learn what the junior mentor knows (a tool, a market, a generation's way of "
            "working, what it is like to be new here). Write that down as a shared objective so "
            "that the conversations stay on it."
        ),
        gettext_lazy(
            "The senior mentee should expect to ask more and tell less than usual, and to let the "
            "mentor choose the first topics; the mentor should expect to be asked for plain "
            "answers, and may give them."
        ),
    ),
)

BOUNDARIES = Module(
    key="boundaries",
    skill=gettext_lazy("Balance authenticity with boundaries"),
    summary=gettext_lazy(
        "Welcome the human glimpses that remote work brings, the cat on the keyboard, "
        "the child at the door, while keeping the relationship professional and safe."
    ),
    why=(
        gettext_lazy(
            "Video calls take place in people's homes. Mentees see your bookshelf and your "
            "family; you see theirs. Those glimpses build warmth and make it easier to be "
            "honest, which is why authenticity matters so much in remote mentoring."
        ),
        gettext_lazy(
            "But the mentor holds more power than they usually feel they do: more seniority, "
            "more networks, sometimes influence over the mentee's next role. Familiarity that "
            "feels friendly to you can feel impossible to refuse for them. Keeping boundaries "
            "is the mentor's responsibility, not the mentee's."
        ),
    ),
    good=(
        gettext_lazy(
            "You share your own setbacks when they help, and bring the focus back to your mentee."
        ),
        gettext_lazy(
            "You keep to the hours and channels you both signed, even when a late idea strikes."
        ),
        gettext_lazy(
            "You let your mentee decide how much of their home life to show; the "
            "camera is optional."
        ),
        gettext_lazy(
            "You never raise a topic they put off limits, and you notice when they go quiet."
        ),
    ),
    failures=(
        FailureMode(
            gettext_lazy("Over-familiarity"),
            gettext_lazy(
                "Moving to personal messaging apps, late-evening chats or comments about the "
                "mentee's appearance or home, because the relationship feels close."
            ),
        ),
        FailureMode(
            gettext_lazy("Oversharing"),
            gettext_lazy(
                "Turning meetings into a place for your own frustrations, so the mentee ends up "
                "supporting you."
            ),
        ),
        FailureMode(
            gettext_lazy("Distance as safety"),
            gettext_lazy(
                "Going the other way and staying guarded and formal, so the mentee never sees a "
                "real person and does not open up either."
            ),
        ),
    ),
    practices=(
        gettext_lazy(
            "Keep messages to the channels in your agreement; if a new one would help, propose it "
            "in a meeting rather than just using it."
        ),
        gettext_lazy(
            "Once a month, ask out loud: is there anything you would rather we did not talk about?"
        ),
        gettext_lazy(
            "Tell one honest story of a mistake you made, then ask your mentee "
            "what they take from it."
        ),
    ),
    scenario=Scenario(
        situation=gettext_lazy(
            "You and your mentee Jonas get on very well. After a good meeting you "
            "think of an article he would like. It is 22:40 in his time zone, and he once "
            "mentioned his personal messaging number."
        ),
        question=gettext_lazy("What do you do with the article?"),
        choices=(
            Choice(
                "now",
                gettext_lazy(
                    "Send it to his personal number now, with a friendly note: no need to reply."
                ),
                gettext_lazy(
                    "The note is kind, but a late-night message on a personal channel from someone "
                    "more senior is hard to ignore. It moves the relationship outside what you "
                    "agreed, and he may feel he has to keep up."
                ),
            ),
            Choice(
                "agreed",
                gettext_lazy(
                    "Post it in your Kindred thread; Kindred holds the e-mail until his quiet "
                    "hours end."
                ),
                gettext_lazy(
                    "Yes. You keep the warmth of sharing something you thought of for him, and "
                    "the agreed channel and hours protect his evening. Authenticity and "
                    "boundaries together."
                ),
                best=True,
            ),
            Choice(
                "never",
                gettext_lazy(
                    "Keep it to yourself: sharing articles is too personal for a mentoring "
                    "relationship."
                ),
                gettext_lazy(
                    "Sharing something useful is part of caring. Holding back out of caution "
                    "makes the relationship colder than it needs to be."
                ),
            ),
        ),
    ),
    in_reverse=(
        gettext_lazy(
            "In reverse mentoring the mentor is the junior colleague, and the pull of rank runs "
            "the other way: a senior mentee may move meetings, run over time or steer towards "
            "their own agenda without noticing. If you mentor, name your boundaries at the first "
            "meeting (topics you will not discuss, such as your own manager or your team's "
            "decisions, and the hours that are yours) and sign them into the agreement: Kindred "
            "then holds both of you to them."
        ),
        gettext_lazy(
            "If you are the senior mentee, expect to hear what you would not hear in your own "
            "meetings, and protect the person who tells you: nothing said here reaches their "
            "manager, their review or your team. Keep to the agreed hours even when your diary "
            "is fuller; a junior colleague rarely refuses a meeting moved at short notice."
        ),
    ),
)

COLLABORATION = Module(
    key="collaboration",
    skill=gettext_lazy("Collaborate"),
    summary=gettext_lazy(
        "Do a real piece of work together, a presentation, a clinic, a piece of research, "
        "so that your mentee builds skills by doing them with you."
    ),
    why=(
        gettext_lazy(
            "Advice is quickly forgotten; a project done together is not. Working on something "
            "real gives a remote pair a shared purpose between meetings and builds the "
            "transferable skills most mentees are after: planning, writing, presenting, research, "
            "and giving and receiving feedback."
        ),
        gettext_lazy(
            "A joint project also changes the relationship. For a while you are colleagues as "
            "well as mentor and mentee, which lets the mentee see how you think and lets you see "
            "what they can do when it matters."
        ),
    ),
    good=(
        gettext_lazy(
            "You choose a project that matters to the mentee's goals, not just to your own work."
        ),
        gettext_lazy(
            "You split it into milestones with owners and dates that each person can keep."
        ),
        gettext_lazy(
            "You give the mentee the visible parts, presenting or writing, and coach from the side."
        ),
        gettext_lazy(
            "You ask for feedback on your own contribution as well as giving it on theirs."
        ),
    ),
    failures=(
        FailureMode(
            gettext_lazy("Using the mentee as help"),
            gettext_lazy(
                "Handing over the dull parts of your own workload and calling it a project."
            ),
        ),
        FailureMode(
            gettext_lazy("Doing it yourself"),
            gettext_lazy(
                "Taking over when a deadline nears, so the mentee learns that their work was not "
                "good enough."
            ),
        ),
        FailureMode(
            gettext_lazy("Feedback one way only"),
            gettext_lazy(
                "Reviewing the mentee's work without asking how you could have "
                "supported them better."
            ),
        ),
    ),
    practices=(
        gettext_lazy(
            "Agree one project in the first two months and write its milestones in Kindred."
        ),
        gettext_lazy(
            "Before each milestone, ask your mentee which part they want to own and which they "
            "want help with."
        ),
        gettext_lazy(
            "After each deliverable, exchange structured feedback both ways: what worked, what "
            "to change, one thing to try next."
        ),
    ),
    scenario=Scenario(
        situation=gettext_lazy(
            "You and your mentee Mei are preparing a short talk for the programme "
            "showcase. Two days before, her slides are clear but the story is weak. You could "
            "rewrite it in an hour."
        ),
        question=gettext_lazy("What do you do?"),
        choices=(
            Choice(
                "rewrite",
                gettext_lazy("Rewrite the story yourself so the talk goes well for both of you."),
                gettext_lazy(
                    "The talk might go better, but Mei learns that her work is replaced when it "
                    "matters. The project was meant to build her skills, not to produce your "
                    "talk."
                ),
            ),
            Choice(
                "coach",
                gettext_lazy(
                    "Book a half-hour call, ask her what she wants the audience to remember, and "
                    "help her restructure it herself."
                ),
                gettext_lazy(
                    "Yes. You coach rather than take over: she keeps ownership, learns how to "
                    "shape a story, and goes into the showcase with a talk that is hers."
                ),
                best=True,
            ),
            Choice(
                "leave",
                gettext_lazy("Say nothing: it is her talk and she will learn from how it goes."),
                gettext_lazy(
                    "Letting people learn from mistakes has its place, but staying silent when "
                    "you can see the problem is not collaboration. Feedback given in time is "
                    "part of the deal."
                ),
            ),
        ),
    ),
)

MODULES: tuple[Module, ...] = (TRUST, ENGAGEMENT, FORMING, BOUNDARIES, COLLABORATION)
BY_KEY = {module.key: module for module in MODULES}
KEYS = tuple(BY_KEY)


def module(key: str) -> Module | None:
    return BY_KEY.get(key)
