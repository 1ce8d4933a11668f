"""The organisation's charter: its service standards, their weights and the verdict bands."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator, model_validator

from selfshop.models.common import FileModel

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


class CheckRef(FileModel):
    """A check that measures a standard, with parameters overriding the check's defaults."""

    id: str
    params: dict[str, Any] = Field(default_factory=dict)


class Standard(FileModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    title: str = Field(min_length=1)
    weight: float = Field(1, ge=0, le=100)
    behaviours: list[str] = Field(default_factory=list)
    checks: list[CheckRef] = Field(
        default_factory=list, description="Check ids, or {check-id: {param: value}} mappings"
    )
    questions: list[str] = Field(default_factory=list, description="Asked in guided walks")

    @field_validator("checks", mode="before")
    @classmethod
    def _expand_shorthand(cls, value: Any) -> Any:
        if not isinstance(value, list):
            return value
        return [_check_ref(item) for item in value]


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
    standards: list[Standard] = Field(min_length=1)

    @model_validator(mode="after")
    def _charter_holds(self) -> Standards:
        ids = [s.id for s in self.standards]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"standard ids must be unique: {', '.join(duplicates)}")
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
