"""The flawed variant's planted defects (defects.yaml): the truth table the checks are held to."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from selfshop.models.journey import Device, Lens

StandardId = Literal["safety", "courtesy", "inclusion", "show", "efficiency"]


class Defect(BaseModel):
    """One defect a customer meets on the flawed variant, and the check that should find it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    description: str
    page: str = Field(description="Path (a glob) of the flawed page that carries the defect")
    journey: str | None = Field(None, description="Example journey that meets it")
    step: str | None = Field(None, description="The step whose evidence shows it")
    standard: StandardId
    check: str = Field(description="The check expected to find it")
    axe_rule: str | None = Field(None, description="axe-core rule, for accessibility findings")
    also: tuple[str, ...] = Field((), description="Other checks that find it too")
    devices: tuple[Device, ...] = (Device.desktop, Device.mobile)
    lens: Lens | None = Field(None, description="The customer lens whose walk meets it")


@functools.cache
def _read() -> tuple[Defect, ...]:
    text = (resources.files("selfshop.demo") / "defects.yaml").read_text(encoding="utf-8")
    return tuple(Defect.model_validate(entry) for entry in yaml.safe_load(text))


def load_defects() -> list[Defect]:
    """Every planted defect, in the order defects.yaml lists them."""
    return list(_read())
