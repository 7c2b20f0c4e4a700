"""The intake instruments: plain data and pure scoring, no Django.

Work values follow Schwartz's theory of ten basic human values; personality is
the Ten-Item Personality Inventory (Gosling, Rentfrow & Swann, 2003)."""

from __future__ import annotations

from dataclasses import dataclass

VALUE_SCALE = (1, 6)
TIPI_SCALE = (1, 7)


@dataclass(frozen=True)
class WorkValue:
    key: str
    name: str
    prompt: str


WORK_VALUES: tuple[WorkValue, ...] = (
    WorkValue("self_direction", "Self-direction", "Choosing my own goals and how I reach them"),
    WorkValue("stimulation", "Stimulation", "Variety, novelty and challenge in my work"),
    WorkValue("hedonism", "Enjoyment", "Enjoying my work day to day"),
    WorkValue("achievement", "Achievement", "Showing competence and being recognised for results"),
    WorkValue("power", "Influence", "Having authority, status and control over resources"),
    WorkValue("security", "Security", "Stability, safety and predictability at work"),
    WorkValue("conformity", "Conformity", "Meeting expectations and following agreed norms"),
    WorkValue("tradition", "Tradition", "Respecting the customs and ways of my field"),
    WorkValue("benevolence", "Benevolence", "Caring for the people I work with closely"),
    WorkValue("universalism", "Universalism", "Fairness, inclusion and impact on society"),
)
WORK_VALUE_KEYS = tuple(value.key for value in WORK_VALUES)

VALUE_LABELS = {
    1: "Not important",
    2: "Slightly important",
    3: "Somewhat important",
    4: "Important",
    5: "Very important",
    6: "Of supreme importance",
}

# "I see myself as ..." (TIPI item wording, Gosling et al., 2003).
TIPI_ITEMS: tuple[str, ...] = (
    "Extraverted, enthusiastic.",
    "Critical, quarrelsome.",
    "Dependable, self-disciplined.",
    "Anxious, easily upset.",
    "Open to new experiences, complex.",
    "Reserved, quiet.",
    "Sympathetic, warm.",
    "Disorganized, careless.",
    "Calm, emotionally stable.",
    "Conventional, uncreative.",
)
TIPI_LABELS = {
    1: "Disagree strongly",
    2: "Disagree moderately",
    3: "Disagree a little",
    4: "Neither agree nor disagree",
    5: "Agree a little",
    6: "Agree moderately",
    7: "Agree strongly",
}

# The published key: trait -> (normal item, reverse-scored item), 1-based.
TIPI_KEY: dict[str, tuple[int, int]] = {
    "extraversion": (1, 6),
    "agreeableness": (7, 2),
    "conscientiousness": (3, 8),
    "emotional_stability": (9, 4),
    "openness": (5, 10),
}
BIG_FIVE = tuple(TIPI_KEY)

TRAIT_NAMES = {
    "extraversion": "Extraversion",
    "agreeableness": "Agreeableness",
    "conscientiousness": "Conscientiousness",
    "emotional_stability": "Emotional stability",
    "openness": "Openness to experience",
}

# Plain-language descriptions for the participant's own results:
# (low end, high end). Neither end is better; mentoring pairs differ usefully.
TRAIT_DESCRIPTIONS = {
    "extraversion": (
        "You tend to recharge on your own and prefer fewer, deeper conversations.",
        "You tend to draw energy from people and enjoy lively conversation.",
    ),
    "agreeableness": (
        "You tend to say what you think and are comfortable with healthy disagreement.",
        "You tend to be warm, trusting and keen to keep collaboration smooth.",
    ),
    "conscientiousness": (
        "You tend to be flexible and spontaneous, and comfortable improvising.",
        "You tend to be organised and dependable, and like to follow through on plans.",
    ),
    "emotional_stability": (
        "You tend to feel pressure keenly, which often comes with care and vigilance.",
        "You tend to stay calm and steady when things get stressful.",
    ),
    "openness": (
        "You tend to prefer the familiar and practical, and value proven approaches.",
        "You tend to be curious and imaginative, and enjoy new ideas and experiences.",
    ),
}


class InstrumentError(ValueError):
    pass


def reverse_scored(answer: int) -> int:
    return 8 - answer


def score_tipi(answers: list[int] | tuple[int, ...]) -> dict[str, float]:
    """Score ten TIPI answers (1-7) into the Big Five, each the mean of its
    normal item and its reverse-scored item (8 - x)."""
    if len(answers) != len(TIPI_ITEMS):
        raise InstrumentError(f"TIPI needs {len(TIPI_ITEMS)} answers, got {len(answers)}.")
    low, high = TIPI_SCALE
    for position, answer in enumerate(answers, start=1):
        if isinstance(answer, bool) or not isinstance(answer, int) or not low <= answer <= high:
            raise InstrumentError(f"TIPI item {position} must be a whole number {low}-{high}.")
    return {
        trait: (answers[normal - 1] + reverse_scored(answers[reverse - 1])) / 2
        for trait, (normal, reverse) in TIPI_KEY.items()
    }


def describe_trait(trait: str, score: float) -> str:
    """A sentence for a 1-7 trait score; the middle band says both."""
    low_text, high_text = TRAIT_DESCRIPTIONS[trait]
    if score <= 3.5:
        return low_text
    if score >= 4.5:
        return high_text
    return "You sit near the middle of this trait and lean either way depending on the situation."


def validate_values(ratings: dict[str, int]) -> dict[str, int]:
    low, high = VALUE_SCALE
    unknown = set(ratings) - set(WORK_VALUE_KEYS)
    if unknown:
        raise InstrumentError(f"Unknown work values: {', '.join(sorted(unknown))}.")
    missing = [key for key in WORK_VALUE_KEYS if key not in ratings]
    if missing:
        raise InstrumentError(f"Rate every work value; missing: {', '.join(missing)}.")
    for key, rating in ratings.items():
        if isinstance(rating, bool) or not isinstance(rating, int) or not low <= rating <= high:
            raise InstrumentError(f"Rating for {key} must be a whole number {low}-{high}.")
    return {key: ratings[key] for key in WORK_VALUE_KEYS}
