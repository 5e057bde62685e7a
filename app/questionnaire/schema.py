"""Frozen dataclasses that a survey file is loaded into."""

from dataclasses import dataclass, field

SKIP_VALUE = "prefer_not_say"
FACE_VALUES = ("very_safe", "fairly_safe", "not_sure", "a_bit_unsafe", "very_unsafe")
YESNO_VALUES = ("yes", "no", "not_sure")
OTHER_PLACE = "somewhere_else"


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: str
    text_by_age: dict[str, str] = field(default_factory=dict)
    help: str = ""
    options: tuple[Option, ...] = ()
    show_if: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ages: tuple[str, ...] = ()
    kpi: str | None = None
    construct: str | None = None
    time_of_day: str | None = None
    max_length: int = 1000
    min: int | None = None
    max: int | None = None
    allow_other: bool = False
    # a 'map' question: the slug of the place whose uploaded image it shows
    place: str | None = None

    def wording_for(self, age_band: str | None) -> str:
        return self.text_by_age.get(age_band or "", self.text)

    def option_values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.options)


@dataclass(frozen=True)
class Survey:
    id: str
    version: int
    title: str
    intro: str
    audiences: tuple[str, ...]
    questions: tuple[Question, ...]
    age_bands: tuple[str, ...] = ()
    child_friendly: bool = True
    ask_group: bool = False
    thank_you: str = ""
    source_file: str = ""
    content_hash: str = ""

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    @property
    def key(self) -> tuple[str, int]:
        return (self.id, self.version)
