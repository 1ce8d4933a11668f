"""The organisation's charter: its service standards, their weights and the verdict bands."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, field_validator, model_validator

from selfshop.models.common import FileModel, Owner
from selfshop.models.journey import Channel

OVERALL = "overall"  # the id of the organisation's goal for journey scores as a whole

DEFAULT_STANDARD_IDS = ("safety", "courtesy", "inclusion", "show", "efficiency")


class VerdictBands(FileModel):
    proud: float = Field(85, ge=0, le=100, description="Score at or above which a journey is proud")
    redesign: float = Field(60, ge=0, le=100, description="Score below which it needs redesign")

    @model_validator(mode="after")
    def _ordered(self) -> VerdictBands:
        if self.redesign > self.proud:
            raise ValueError("'redesign' must not be above 'proud'")
        return self


class Charter(FileModel):
    locked: list[str] = Field(
        default_factory=list,
        description="Standards that may be reworded or re-weighted but never removed or zeroed",
    )
    min_weight: float = Field(1, gt=0, description="Lowest weight a locked standard may be given")


class Milestone(FileModel):
    """A step on the way to a goal: this score by this date."""

    score: float = Field(ge=0, le=100, description="Score (0-100) to reach")
    by: date = Field(description="Date to reach it by, e.g. 2026-12-31")


class Goal(FileModel):
    """What the organisation means to reach, and by when: part of its annual goals."""

    target: float = Field(ge=0, le=100, description="Score (0-100) to reach, e.g. 90")
    by: date = Field(description="Date to reach it by, e.g. 2027-06-30")
    milestones: list[Milestone] = Field(
        default_factory=list, description="Steps on the way, earliest first"
    )
    locked: bool = Field(
        False,
        description="Part of the charter: may be raised or re-dated, never removed, unlocked "
        "or set below its floor (selfshop lint compares with git HEAD)",
    )
    floor: float | None = Field(
        None,
        ge=0,
        le=100,
        description="Lowest target a locked goal may ever be given (default: its target)",
    )

    @model_validator(mode="after")
    def _coherent(self) -> Goal:
        if self.floor is not None and self.floor > self.target:
            raise ValueError(f"'floor' {self.floor:g} is above the target {self.target:g}")
        dates = [m.by for m in self.milestones]
        if dates != sorted(dates):
            raise ValueError("milestones must be listed earliest first")
        late = [m for m in self.milestones if m.by > self.by]
        if late:
            raise ValueError(f"milestone due {late[0].by} is after the goal's date {self.by}")
        return self

    def committed_floor(self) -> float:
        """What the target may never fall below once this goal is locked."""
        return self.floor if self.floor is not None else self.target

    def due(self, today: date) -> tuple[float, date] | None:
        """The score expected by today: the latest milestone (or the target) already due."""
        passed = [(m.score, m.by) for m in self.milestones if m.by <= today]
        if self.by <= today:
            passed.append((self.target, self.by))
        return passed[-1] if passed else None


class CheckRef(FileModel):
    """A check that measures a standard, with parameters overriding the check's defaults."""

    id: str
    params: dict[str, Any] = Field(default_factory=dict)


# What a rating means when a question does not say: 5 is always the best for the standard.
DEFAULT_SCALE = ("Poor", "Excellent")


class Question(FileModel):
    """A question a person is asked in a guided walk, with what 1 and 5 mean for it."""

    text: str = Field(min_length=1, description="The question, e.g. 'Were you thanked?'")
    low: str = Field(DEFAULT_SCALE[0], min_length=1, description="What a rating of 1 means")
    high: str = Field(DEFAULT_SCALE[1], min_length=1, description="What a rating of 5 means")
    channels: list[Channel] = Field(
        default_factory=list,
        description="Channels it is asked on, e.g. [phone, store] (default: every channel)",
    )

    def asked_on(self, channel: Channel) -> bool:
        return not self.channels or channel in self.channels


def _question_from_text(value: Any) -> Any:
    # A bare string is a question for every channel with the default scale (older files).
    return {"text": value} if isinstance(value, str) else value


QuestionItem = Annotated[
    Question, BeforeValidator(_question_from_text, json_schema_input_type=str | Question)
]


class Standard(FileModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    title: str = Field(min_length=1)
    weight: float = Field(1, ge=0, le=100)
    behaviours: list[str] = Field(default_factory=list)
    checks: list[CheckRef] = Field(
        default_factory=list, description="Check ids, or {check-id: {param: value}} mappings"
    )
    questions: list[QuestionItem] = Field(
        default_factory=list,
        description="Asked in guided walks: text, or {text, low, high, channels}",
    )
    owner: Owner | None = Field(None, description="Who answers for this standard")
    goal: Goal | None = Field(None, description="The score this standard should reach, and by when")

    @field_validator("checks", mode="before")
    @classmethod
    def _expand_shorthand(cls, value: Any) -> Any:
        if not isinstance(value, list):
            return value
        return [_check_ref(item) for item in value]

    def questions_on(self, channel: Channel) -> list[Question]:
        """The questions a person walking `channel` is asked about this standard."""
        return [q for q in self.questions if q.asked_on(channel)]

    def scale_on(self, channel: Channel) -> tuple[str, str]:
        """(what 1 means, what 5 means) for this standard's rating on `channel`: its first
        question's labels, since the rating answers the questions together."""
        asked = self.questions_on(channel)
        return (asked[0].low, asked[0].high) if asked else DEFAULT_SCALE


def _check_ref(item: Any) -> Any:
    if isinstance(item, str):
        return {"id": item}
    if isinstance(item, dict) and len(item) == 1 and "id" not in item:
        ((check_id, params),) = item.items()
        return {"id": check_id, "params": params if params is not None else {}}
    return item


class VoiceRules(FileModel):
    """The organisation's voice: phrases its copy must never use, and phrases it expects."""

    forbidden: list[str] = Field(default_factory=list, description="Never say these")
    required: dict[str, list[str]] = Field(
        default_factory=dict, description="{step name or journey id: phrases that must appear}"
    )


class GuidedBlend(FileModel):
    weight: float = Field(
        1, ge=0, description="A leader's rating counts this many times the automated checks"
    )


class Standards(FileModel):
    organisation: str = Field(min_length=1)
    vision: str | None = None
    verdict: VerdictBands = Field(default_factory=VerdictBands)
    charter: Charter = Field(default_factory=Charter)
    voice: VoiceRules = Field(default_factory=VoiceRules)
    guided: GuidedBlend = Field(default_factory=GuidedBlend)
    owner: Owner | None = Field(None, description="Who answers for the charter as a whole")
    goal: Goal | None = Field(
        None, description="The score every journey should reach overall, and by when"
    )
    standards: list[Standard] = Field(min_length=1)

    @model_validator(mode="after")
    def _charter_holds(self) -> Standards:
        ids = [s.id for s in self.standards]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"standard ids must be unique: {', '.join(duplicates)}")
        if OVERALL in ids:
            raise ValueError(f"{OVERALL!r} names the charter's overall goal: not a standard id")
        for locked in self.charter.locked:
            standard = self.get(locked)
            if standard is None:
                raise ValueError(f"locked standard {locked!r} is missing: the charter forbids it")
            if standard.weight < self.charter.min_weight:
                raise ValueError(
                    f"locked standard {locked!r} has weight {standard.weight:g}, "
                    f"below the charter's minimum {self.charter.min_weight:g}"
                )
        return self

    def get(self, standard_id: str) -> Standard | None:
        return next((s for s in self.standards if s.id == standard_id), None)

    def goals(self) -> dict[str, Goal]:
        """Every goal by id: 'overall' for the charter's own, else the standard's id."""
        found = {OVERALL: self.goal} if self.goal is not None else {}
        found.update({s.id: s.goal for s in self.standards if s.goal is not None})
        return found
