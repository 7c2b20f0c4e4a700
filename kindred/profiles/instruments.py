"""The intake instruments: plain data and pure scoring.

Work values follow Schwartz's theory of ten basic human values; personality is
the Ten-Item Personality Inventory (Gosling, Rentfrow & Swann, 2003). Their
words are marked for translation (read in the reader's language when shown);
scoring reads only numbers, so it is the same in every language. Where a
published, validated translation of the TIPI exists, the catalogue holds its
exact wording (the tests pin it); elsewhere the page says Kindred translated it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

VALUE_SCALE = (1, 6)
TIPI_SCALE = (1, 7)


@dataclass(frozen=True)
class WorkValue:
    key: str
    name: StrOrPromise
    prompt: StrOrPromise


WORK_VALUES: tuple[WorkValue, ...] = (
    WorkValue(
        "self_direction",
        gettext_lazy("Self-direction"),
        gettext_lazy("Choosing my own goals and how I reach them"),
    ),
    WorkValue(
        "stimulation",
        gettext_lazy("Stimulation"),
        gettext_lazy("Variety, novelty and challenge in my work"),
    ),
    WorkValue("hedonism", gettext_lazy("Enjoyment"), gettext_lazy("Enjoying my work day to day")),
    WorkValue(
        "achievement",
        gettext_lazy("Achievement"),
        gettext_lazy("Showing competence and being recognised for results"),
    ),
    WorkValue(
        "power",
        gettext_lazy("Influence"),
        gettext_lazy("Having authority, status and control over resources"),
    ),
    WorkValue(
        "security",
        gettext_lazy("Security"),
        gettext_lazy("Stability, safety and predictability at work"),
    ),
    WorkValue(
        "conformity",
        gettext_lazy("Conformity"),
        gettext_lazy("Meeting expectations and following agreed norms"),
    ),
    WorkValue(
        "tradition",
        gettext_lazy("Tradition"),
        gettext_lazy("Respecting the customs and ways of my field"),
    ),
    WorkValue(
        "benevolence",
        gettext_lazy("Benevolence"),
        gettext_lazy("Caring for the people I work with closely"),
    ),
    WorkValue(
        "universalism",
        gettext_lazy("Universalism"),
        gettext_lazy("Fairness, inclusion and impact on society"),
    ),
)
WORK_VALUE_KEYS = tuple(value.key for value in WORK_VALUES)

VALUE_LABELS: dict[int, StrOrPromise] = {
    1: gettext_lazy("Not important"),
    2: gettext_lazy("Slightly important"),
    3: gettext_lazy("Somewhat important"),
    4: gettext_lazy("Important"),
    5: gettext_lazy("Very important"),
    6: gettext_lazy("Of supreme importance"),
}

# "I see myself as ..." (TIPI item wording, Gosling et al., 2003).
TIPI_ITEMS: tuple[StrOrPromise, ...] = (
    pgettext_lazy("TIPI item", "Extraverted, enthusiastic."),
    pgettext_lazy("TIPI item", "Critical, quarrelsome."),
    pgettext_lazy("TIPI item", "Dependable, self-disciplined."),
    pgettext_lazy("TIPI item", "Anxious, easily upset."),
    pgettext_lazy("TIPI item", "Open to new experiences, complex."),
    pgettext_lazy("TIPI item", "Reserved, quiet."),
    pgettext_lazy("TIPI item", "Sympathetic, warm."),
    pgettext_lazy("TIPI item", "Disorganized, careless."),
    pgettext_lazy("TIPI item", "Calm, emotionally stable."),
    pgettext_lazy("TIPI item", "Conventional, uncreative."),
)
TIPI_LABELS: dict[int, StrOrPromise] = {
    1: pgettext_lazy("TIPI answer", "Disagree strongly"),
    2: pgettext_lazy("TIPI answer", "Disagree moderately"),
    3: pgettext_lazy("TIPI answer", "Disagree a little"),
    4: pgettext_lazy("TIPI answer", "Neither agree nor disagree"),
    5: pgettext_lazy("TIPI answer", "Agree a little"),
    6: pgettext_lazy("TIPI answer", "Agree moderately"),
    7: pgettext_lazy("TIPI answer", "Agree strongly"),
}

# Published, validated translations of the TIPI whose exact wording the
# catalogues hold (a test pins it). Languages not here read Kindred's own
# translation, and the page says so. The key and scale are the same in all.
TIPI_ORIGINAL = (
    "Gosling, S. D., Rentfrow, P. J., & Swann, W. B. (2003). A very brief measure of "
    "the Big-Five personality domains. Journal of Research in Personality, 37, 504-528."
)
TIPI_VALIDATED: dict[str, str] = {
    "ja": (
        "小塩真司・阿部晋吾・カトローニ ピノ (2012). 日本語版Ten Item Personality "
        "Inventory (TIPI-J) 作成の試み. パーソナリティ研究, 21(1), 40-52."
    ),
}


def tipi_source(language: str) -> tuple[str, bool]:
    """The citation for the TIPI wording read in `language`, and whether it is
    a published validated version (English is the original)."""
    if language.split("-")[0] == "en":
        return TIPI_ORIGINAL, True
    validated = TIPI_VALIDATED.get(language)
    return (validated, True) if validated else (TIPI_ORIGINAL, False)


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
    "extraversion": gettext_lazy("Extraversion"),
    "agreeableness": gettext_lazy("Agreeableness"),
    "conscientiousness": gettext_lazy("Conscientiousness"),
    "emotional_stability": gettext_lazy("Emotional stability"),
    "openness": gettext_lazy("Openness to experience"),
}

# Plain-language descriptions for the participant's own results:
# (low end, high end). Neither end is better; mentoring pairs differ usefully.
TRAIT_DESCRIPTIONS = {
    "extraversion": (
        gettext_lazy("You tend to recharge on your own and prefer fewer, deeper conversations."),
        gettext_lazy("You tend to draw energy from people and enjoy lively conversation."),
    ),
    "agreeableness": (
        gettext_lazy(
            "You tend to say what you think and are comfortable with healthy disagreement."
        ),
        gettext_lazy("You tend to be warm, trusting and keen to keep collaboration smooth."),
    ),
    "conscientiousness": (
        gettext_lazy("You tend to be flexible and spontaneous, and comfortable improvising."),
        gettext_lazy(
            "You tend to be organised and dependable, and like to follow through on plans."
        ),
    ),
    "emotional_stability": (
        gettext_lazy(
            "You tend to feel pressure keenly, which often comes with care and vigilance."
        ),
        gettext_lazy("You tend to stay calm and steady when things get stressful."),
    ),
    "openness": (
        gettext_lazy("You tend to prefer the familiar and practical, and value proven approaches."),
        gettext_lazy(
            "You tend to be curious and imaginative, and enjoy new ideas and experiences."
        ),
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
        raise InstrumentError(
            _("TIPI needs %(needed)s answers, got %(count)s.")
            % {"needed": len(TIPI_ITEMS), "count": len(answers)}
        )
    low, high = TIPI_SCALE
    for position, answer in enumerate(answers, start=1):
        if isinstance(answer, bool) or not isinstance(answer, int) or not low <= answer <= high:
            raise InstrumentError(
                _("TIPI item %(position)s must be a whole number %(low)s-%(high)s.")
                % {"position": position, "low": low, "high": high}
            )
    return {
        trait: (answers[normal - 1] + reverse_scored(answers[reverse - 1])) / 2
        for trait, (normal, reverse) in TIPI_KEY.items()
    }


def describe_trait(trait: str, score: float) -> str:
    """A sentence for a 1-7 trait score; the middle band says both."""
    low_text, high_text = TRAIT_DESCRIPTIONS[trait]
    if score <= 3.5:
        return str(low_text)
    if score >= 4.5:
        return str(high_text)
    return _(
        "You sit near the middle of this trait and lean either way depending on the situation."
    )


def validate_values(ratings: dict[str, int]) -> dict[str, int]:
    low, high = VALUE_SCALE
    unknown = set(ratings) - set(WORK_VALUE_KEYS)
    if unknown:
        raise InstrumentError(
            _("Unknown work values: %(unknown)s.") % {"unknown": ", ".join(sorted(unknown))}
        )
    missing = [key for key in WORK_VALUE_KEYS if key not in ratings]
    if missing:
        raise InstrumentError(
            _("Rate every work value; missing: %(missing)s.") % {"missing": ", ".join(missing)}
        )
    for key, rating in ratings.items():
        if isinstance(rating, bool) or not isinstance(rating, int) or not low <= rating <= high:
            raise InstrumentError(
                _("Rating for %(key)s must be a whole number %(low)s-%(high)s.")
                % {"key": key, "low": low, "high": high}
            )
    return {key: ratings[key] for key in WORK_VALUE_KEYS}
