"""Kindred's own question bank, in four levels of depth: 1 background and
role; 2 values and motivations; 3 experiences, challenges and feelings;
4 life and career dreams. Each question is tagged so that a topic either
person put off limits never comes up. Written for remote and hybrid pairs."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy, gettext_noop

LEVELS = {
    1: gettext_lazy("Background and role"),
    2: gettext_lazy("Values and motivations"),
    3: gettext_lazy("Experiences, challenges and feelings"),
    4: gettext_lazy("Life and career dreams"),
}

# (level, question, tags)
QUESTIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    # 1 -- background and role
    (
        1,
        gettext_noop("What does a typical working week look like for you right now?"),
        ("career", "remote work"),
    ),
    (1, gettext_noop("How did you come to be in the role you have today?"), ("career",)),
    (
        1,
        gettext_noop("Where are you working from, and what does your workspace look like?"),
        ("remote work",),
    ),
    (1, gettext_noop("Which parts of your job would you happily do all day?"), ("career",)),
    (
        1,
        gettext_noop(
            "Which people do you work with most closely, and how do you usually reach them?"
        ),
        ("remote work", "communication"),
    ),
    (
        1,
        gettext_noop("What did you study or train in, and how much of it do you use?"),
        ("career", "learning"),
    ),
    (
        1,
        gettext_noop("What is a skill you picked up outside work that helps you at work?"),
        ("learning",),
    ),
    (
        1,
        gettext_noop("What time of day do you do your best thinking?"),
        ("remote work", "work-life integration"),
    ),
    (
        1,
        gettext_noop(
            "How long have you worked remotely or in a hybrid team, and how did it start?"
        ),
        ("remote work",),
    ),
    (
        1,
        gettext_noop(
            "What does your team or department do that others in the company might not know?"
        ),
        ("career",),
    ),
    (
        1,
        gettext_noop("How do you prefer to receive information: written, spoken, or shown?"),
        ("communication",),
    ),
    (1, gettext_noop("What made you sign up for this mentoring programme?"), ("career", "growth")),
    (1, gettext_noop("What would a useful hour together look like for you?"), ("communication",)),
    (1, gettext_noop("What languages do you use at work and at home?"), ("identity",)),
    (
        1,
        gettext_noop("What are you working on this month that you are most involved in?"),
        ("career",),
    ),
    (1, gettext_noop("Which tools or routines make remote work easier for you?"), ("remote work",)),
    (
        1,
        gettext_noop("Who was a good manager or colleague for you, and what did they do?"),
        ("career", "leadership"),
    ),
    (1, gettext_noop("What do colleagues usually come to you for?"), ("career", "feedback")),
    (
        1,
        gettext_noop("What do you do to start and to end your working day?"),
        ("work-life integration", "remote work"),
    ),
    (
        1,
        gettext_noop("What would you like me to know about how you like to work?"),
        ("communication", "boundaries"),
    ),
    (
        1,
        gettext_noop("Is there a part of your role that is hard to explain to people outside it?"),
        ("career",),
    ),
    # 2 -- values and motivations
    (2, gettext_noop("What makes a working day feel worthwhile to you?"), ("values",)),
    (2, gettext_noop("Which of your values shows most clearly in the way you work?"), ("values",)),
    (
        2,
        gettext_noop("When did you last feel proud of a piece of work, and why?"),
        ("values", "career"),
    ),
    (
        2,
        gettext_noop("What do you need from a team to do your best work?"),
        ("values", "remote work"),
    ),
    (
        2,
        gettext_noop("What kind of recognition matters to you, and what kind does not?"),
        ("values", "feedback"),
    ),
    (2, gettext_noop("What would you refuse to do, even if it helped your career?"), ("values",)),
    (2, gettext_noop("How do you decide what to say yes and no to?"), ("values", "boundaries")),
    (
        2,
        gettext_noop("Which is more motivating for you: mastering something, or helping someone?"),
        ("values", "growth"),
    ),
    (
        2,
        gettext_noop("What does a good leader do that you try to do yourself?"),
        ("leadership", "values"),
    ),
    (
        2,
        gettext_noop("How do you like to be given feedback, and how do you like to give it?"),
        ("feedback",),
    ),
    (
        2,
        gettext_noop("What drains your energy at work, and what restores it?"),
        ("wellbeing", "work-life integration"),
    ),
    (
        2,
        gettext_noop("How much structure do you like in your week, and why?"),
        ("values", "remote work"),
    ),
    (
        2,
        gettext_noop("Which of your strengths do you think is under-used at the moment?"),
        ("growth", "career"),
    ),
    (2, gettext_noop("What does fairness at work mean to you?"), ("values",)),
    (
        2,
        gettext_noop("How do you keep your sense of belonging when your team is spread out?"),
        ("remote work", "values"),
    ),
    (
        2,
        gettext_noop("What do you want people to say about working with you?"),
        ("values", "feedback"),
    ),
    (
        2,
        gettext_noop("What do you value about working from where you are?"),
        ("remote work", "work-life integration"),
    ),
    (
        2,
        gettext_noop("What would make this mentoring relationship worth your time?"),
        ("values", "growth"),
    ),
    (2, gettext_noop("Which piece of advice has stayed with you longest?"), ("values", "learning")),
    (
        2,
        gettext_noop("How does your work connect to something you care about beyond the job?"),
        ("values", "dreams"),
    ),
    (
        2,
        gettext_noop("When you have a free hour at work, what do you choose to do with it?"),
        ("values", "growth"),
    ),
    # 3 -- experiences, challenges and feelings
    (
        3,
        gettext_noop("Tell me about a time work went badly. What did you learn about yourself?"),
        ("career", "growth"),
    ),
    (
        3,
        gettext_noop(
            "What is the hardest conversation you have had at work, and how did you prepare?"
        ),
        ("communication", "feedback"),
    ),
    (
        3,
        gettext_noop("When have you felt isolated working remotely, and what helped?"),
        ("remote work", "wellbeing"),
    ),
    (
        3,
        gettext_noop("What does stress look like for you, and how do others notice it?"),
        ("wellbeing",),
    ),
    (
        3,
        gettext_noop("How do you handle a week when home and work both need you at once?"),
        ("work-life integration", "family"),
    ),
    (3, gettext_noop("Tell me about a decision you still think about."), ("career", "growth")),
    (
        3,
        gettext_noop("When did you last change your mind about something important at work?"),
        ("growth", "learning"),
    ),
    (
        3,
        gettext_noop("What feedback surprised you, and what did you do with it?"),
        ("feedback", "growth"),
    ),
    (
        3,
        gettext_noop("When have you felt you did not belong, and what changed it?"),
        ("identity", "values"),
    ),
    (
        3,
        gettext_noop("How do you recover after a disappointment at work?"),
        ("wellbeing", "growth"),
    ),
    (
        3,
        gettext_noop("What is something you find hard to ask for?"),
        ("boundaries", "communication"),
    ),
    (
        3,
        gettext_noop("When has a boundary you set at work been tested, and how did it go?"),
        ("boundaries", "work-life integration"),
    ),
    (
        3,
        gettext_noop("Which conflict taught you the most about working with others?"),
        ("communication", "leadership"),
    ),
    (
        3,
        gettext_noop("What risk did you take in your career, and would you take it again?"),
        ("career",),
    ),
    (3, gettext_noop("What part of your work worries you at the moment?"), ("wellbeing", "career")),
    (
        3,
        gettext_noop("How has caring for someone shaped the way you work?"),
        ("family", "work-life integration"),
    ),
    (
        3,
        gettext_noop("When did someone's trust in you make a difference?"),
        ("values", "relationships"),
    ),
    (
        3,
        gettext_noop("What have you learned from a mistake you made as a manager or colleague?"),
        ("leadership", "growth"),
    ),
    (
        3,
        gettext_noop("How do you know when you need a break, and do you take it?"),
        ("wellbeing", "boundaries"),
    ),
    (
        3,
        gettext_noop("What is a challenge you are facing now that you have not said out loud?"),
        ("growth",),
    ),
    (
        3,
        gettext_noop("What has remote work made easier for you, and what has it made harder?"),
        ("remote work",),
    ),
    # 4 -- life and career dreams
    (
        4,
        gettext_noop("If the next five years went really well, what would be different?"),
        ("dreams", "career"),
    ),
    (4, gettext_noop("What would you do if you were sure you would not fail?"), ("dreams",)),
    (4, gettext_noop("Which kind of work would you like to be known for?"), ("dreams", "career")),
    (
        4,
        gettext_noop("What would you like your working life to make possible outside work?"),
        ("dreams", "work-life integration"),
    ),
    (
        4,
        gettext_noop("Who is doing work you admire, and what draws you to it?"),
        ("dreams", "career"),
    ),
    (
        4,
        gettext_noop("What is a skill you want to master in the next few years?"),
        ("growth", "dreams"),
    ),
    (
        4,
        gettext_noop(
            "Where in the world, or in what kind of team, would you like to work one day?"
        ),
        ("dreams", "remote work"),
    ),
    (
        4,
        gettext_noop("What do you want to learn that has nothing to do with your job?"),
        ("learning", "dreams"),
    ),
    (4, gettext_noop("How would you like to help other people grow?"), ("leadership", "dreams")),
    (
        4,
        gettext_noop("What would a good balance of work and life look like for you in ten years?"),
        ("work-life integration", "dreams"),
    ),
    (
        4,
        gettext_noop("What would you like to have stopped doing by this time next year?"),
        ("growth", "boundaries"),
    ),
    (
        4,
        gettext_noop("What are you curious about that you have not had time to explore?"),
        ("learning", "dreams"),
    ),
    (
        4,
        gettext_noop("Which problem in your field would you most like to help solve?"),
        ("dreams", "career"),
    ),
    (
        4,
        gettext_noop("What would you like to be true of your relationship with work?"),
        ("values", "dreams"),
    ),
    (
        4,
        gettext_noop("If you could design your own role, what would it include?"),
        ("career", "dreams"),
    ),
    (
        4,
        gettext_noop("What legacy would you like to leave in your team or company?"),
        ("leadership", "dreams"),
    ),
    (
        4,
        gettext_noop("What would you like to try before you decide it is not for you?"),
        ("dreams", "growth"),
    ),
    (
        4,
        gettext_noop("What is one step you could take this month toward something you want?"),
        ("dreams", "growth"),
    ),
    (
        4,
        gettext_noop("A year from now, what would make you glad you did this mentoring?"),
        ("dreams", "growth"),
    ),
    (
        4,
        gettext_noop("What does success look like for you, in your own words?"),
        ("values", "dreams"),
    ),
    (
        4,
        gettext_noop("What dream have you put aside, and does it still matter to you?"),
        ("dreams",),
    ),
)


def ensure_question_bank(question_model: Any) -> int:
    """Write the shared bank once (also after a test flushes the database)."""
    shared = question_model.objects.filter(programme__isnull=True, relationship__isnull=True)
    existing = set(shared.values_list("text", flat=True))
    new = [
        question_model(level=level, text=text, tags=list(tags))
        for level, text, tags in QUESTIONS
        if text not in existing
    ]
    question_model.objects.bulk_create(new)
    return len(new)
