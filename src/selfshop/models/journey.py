"""A customer journey: the steps a customer takes through one channel, as a journey file says."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationInfo, field_validator, model_validator

from selfshop.models.common import FileModel, Owner

LOCATOR_KINDS = ("role", "label", "text", "placeholder", "alt", "title", "testid", "css", "xpath")
# Customers find things by what they see and hear; CSS and XPath are allowed but linted.
TECHNICAL_LOCATORS = ("css", "xpath")


class Channel(StrEnum):
    web = "web"
    phone = "phone"
    email = "email"
    chat = "chat"
    store = "store"


class Device(StrEnum):
    desktop = "desktop"
    mobile = "mobile"


class Lens(StrEnum):
    """A customer the journey is walked as, besides the one with a mouse and fast broadband."""

    keyboard = "keyboard"  # every action by key presses: Tab to it, Enter/Space/arrows, typing
    screen_reader = "screen-reader"  # targets found only through the accessibility tree
    zoom_400 = "zoom-400"  # 320 CSS px wide with WCAG 1.4.12 text spacing
    slow_3g = "slow-3g"  # a slow network and a slow phone's CPU
    reduced_motion = "reduced-motion"  # prefers-reduced-motion: reduce
    forced_colours = "forced-colours"  # forced-colors: active (Windows contrast themes)


class _TargetFields(FileModel):
    role: str | None = Field(None, description="ARIA role, e.g. button, link, textbox")
    name: str | None = Field(None, description="Accessible name, used with role")
    label: str | None = Field(None, description="Text of the label of a form control")
    text: str | None = Field(None, description="Visible text of the element")
    placeholder: str | None = None
    alt: str | None = Field(None, description="Alternative text of an image")
    title: str | None = Field(None, description="The element's title attribute")
    testid: str | None = Field(None, description="data-testid attribute")
    css: str | None = Field(None, description="CSS selector (a customer cannot see CSS: linted)")
    xpath: str | None = Field(None, description="XPath (a customer cannot see XPath: linted)")
    exact: bool = Field(False, description="Match names and text exactly")
    nth: int | None = Field(None, ge=0, description="Pick the nth match (0-based)")

    def locator_kinds(self) -> list[str]:
        return [kind for kind in LOCATOR_KINDS if getattr(self, kind) is not None]

    def describe(self) -> str:
        """A customer-readable description of what is being looked for."""
        kinds = self.locator_kinds()
        if not kinds:
            return "the page"
        kind = kinds[0]
        if kind == "role":
            found = f"{self.role} {self.name!r}" if self.name else f"a {self.role}"
        else:
            found = f"{kind} {getattr(self, kind)!r}"
        if self.nth is not None:
            found += f" (match number {self.nth + 1}, nth: {self.nth})"
        return found

    def _check_locator_count(self, allow_none: bool) -> None:
        kinds = self.locator_kinds()
        if self.name is not None and self.role is None:
            raise ValueError("'name' goes with 'role', e.g. {role: button, name: Pay now}")
        if len(kinds) > 1:
            raise ValueError(
                f"give one way to find the element, not {len(kinds)}: {', '.join(kinds)}"
            )
        if not kinds and not allow_none:
            raise ValueError(f"say how to find the element: one of {', '.join(LOCATOR_KINDS)}")


class Target(_TargetFields):
    """How a customer finds an element: by role and name, label, text, and so on."""

    @model_validator(mode="after")
    def _one_locator(self) -> Target:
        self._check_locator_count(allow_none=False)
        return self


class OptionalTarget(_TargetFields):
    @model_validator(mode="after")
    def _at_most_one_locator(self) -> OptionalTarget:
        self._check_locator_count(allow_none=True)
        return self


class FillSpec(Target):
    value: str | SecretStr = Field(description="Text to type; ${secret:NAME} is masked everywhere")

    @field_validator("value", mode="before")
    @classmethod
    def _numbers_are_text(cls, value: Any) -> Any:
        # A quantity or postcode written as a bare number is still text to type.
        return (
            str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
        )

    @property
    def is_secret(self) -> bool:
        return isinstance(self.value, SecretStr)

    def plain_value(self) -> str:
        return self.value.get_secret_value() if isinstance(self.value, SecretStr) else self.value


class SelectSpec(Target):
    option: str = Field(description="Label (or value) of the option to choose")


class PressSpec(OptionalTarget):
    key: str = Field(description="Key to press, e.g. Enter, Tab, Escape")


class UploadSpec(Target):
    files: list[str] = Field(min_length=1, description="Files to upload, relative to the journey")


class ScrollSpec(OptionalTarget):
    to: Literal["top", "bottom"] | None = None

    @model_validator(mode="after")
    def _where(self) -> ScrollSpec:
        if self.to is None and not self.locator_kinds():
            raise ValueError("say where to scroll: 'to: top|bottom' or an element")
        return self


class WaitForSpec(OptionalTarget):
    state: Literal["visible", "hidden", "attached", "detached"] = "visible"
    url: str | None = None
    seconds: float | None = Field(None, gt=0, le=60)

    @model_validator(mode="after")
    def _one_wait(self) -> WaitForSpec:
        given = sum(x is not None for x in (self.url, self.seconds)) + bool(self.locator_kinds())
        if given != 1:
            raise ValueError("wait for one thing: an element, 'url' or 'seconds'")
        return self


class CountSpec(Target):
    equals: int | None = Field(None, ge=0)
    at_least: int | None = Field(None, ge=0)
    at_most: int | None = Field(None, ge=0)

    @model_validator(mode="after")
    def _bound(self) -> CountSpec:
        if self.equals is None and self.at_least is None and self.at_most is None:
            raise ValueError("count needs 'equals', 'at_least' or 'at_most'")
        return self


EXPECT_KINDS = ("url", "text", "visible", "hidden", "title", "count", "focused")


class ExpectSpec(FileModel):
    url: str | None = Field(None, description="Path or URL the page must be at (prefix match)")
    text: str | None = Field(None, description="Text the page must show")
    visible: Target | None = None
    hidden: Target | None = None
    title: str | None = Field(None, description="Text the page title must contain")
    count: CountSpec | None = None
    focused: Target | None = Field(
        None,
        description="The element keyboard focus must be on, e.g. {role: button, name: Pay now} "
        "(name optional; matched as in click: any case, part of the name unless exact: true)",
    )

    @model_validator(mode="after")
    def _one_expectation(self) -> ExpectSpec:
        given = [k for k in EXPECT_KINDS if getattr(self, k)]
        if len(given) != 1:
            raise ValueError(
                "expect one thing per item: url, text, visible, hidden, title, count or focused"
            )
        return self

    def describe(self) -> str:
        if self.focused:
            return f"keyboard focus on {self.focused.describe()}"
        if self.visible:
            return f"{self.visible.describe()} is visible"
        if self.hidden:
            return f"{self.hidden.describe()} is hidden"
        if self.count:
            return f"count of {self.count.describe()}"
        for key in ("url", "text", "title"):
            if getattr(self, key):
                return f"{key} {getattr(self, key)!r}"
        return "nothing"


ACTION_KINDS = (
    "goto", "click", "fill", "select", "check", "uncheck", "press",
    "hover", "upload", "scroll", "wait_for", "expect",
)  # fmt: skip
# Actions that only look at the page: they change nothing and cause nothing.
LOOKING_KINDS = ("expect", "wait_for")


class Action(FileModel):
    """One thing the customer does: a mapping with exactly one key, the action's kind."""

    model_config = FileModel.model_config | {
        "json_schema_extra": {"minProperties": 1, "maxProperties": 1}
    }

    goto: str | None = Field(None, description="Go to a path (joined to base_url) or URL")
    click: Target | None = None
    fill: FillSpec | None = None
    select: SelectSpec | None = None
    check: Target | None = None
    uncheck: Target | None = None
    press: PressSpec | None = None
    hover: Target | None = None
    upload: UploadSpec | None = None
    scroll: ScrollSpec | None = None
    wait_for: WaitForSpec | None = None
    expect: ExpectSpec | None = None

    @model_validator(mode="before")
    @classmethod
    def _exactly_one(cls, data: Any) -> Any:
        if isinstance(data, dict):
            given = [k for k, v in data.items() if k in ACTION_KINDS and v is not None]
            if len(given) > 1:
                raise ValueError(f"one action per item, found {len(given)}: {', '.join(given)}")
            if not data:
                raise ValueError(f"empty action: use one of {', '.join(ACTION_KINDS)}")
            if not given and len(data) == 1 and next(iter(data)) in ACTION_KINDS:
                raise ValueError(f"'{next(iter(data))}' needs a value")
        return data

    @property
    def kind(self) -> str:
        return next(k for k in ACTION_KINDS if getattr(self, k) is not None)

    @property
    def spec(self) -> Any:
        return getattr(self, self.kind)

    @property
    def target(self) -> _TargetFields | None:
        spec = self.spec
        return spec if isinstance(spec, _TargetFields) else None

    def describe(self) -> str:
        """A masked, human description: secret values are never part of it."""
        spec = self.spec
        if self.kind == "goto":
            return f"go to {spec}"
        if isinstance(spec, FillSpec):
            shown = "••••••" if spec.is_secret else repr(spec.plain_value())
            return f"fill {spec.describe()} with {shown}"
        if isinstance(spec, ExpectSpec):
            return f"expect {spec.describe()}"
        if isinstance(spec, PressSpec):
            return f"press {spec.key}" + (f" on {spec.describe()}" if spec.locator_kinds() else "")
        if isinstance(spec, SelectSpec):
            return f"select {spec.option!r} in {spec.describe()}"
        if isinstance(spec, WaitForSpec):
            if spec.seconds:
                return f"wait {spec.seconds}s"
            return f"wait for {spec.url or spec.describe()}"
        if isinstance(spec, ScrollSpec):
            return f"scroll to {spec.to or spec.describe()}"
        if isinstance(spec, _TargetFields):
            return f"{self.kind.replace('_', ' ')} {spec.describe()}"
        return self.kind


class Measure(FileModel):
    """A value a guided walker records, e.g. minutes waited on hold."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    prompt: str
    unit: str | None = None
    target_max: float | None = Field(None, description="Above this the step misses its standard")
    standard: str = Field("efficiency", description="The standard this measure serves")


class Step(FileModel):
    name: str = Field(min_length=1, description="Short name of the step, shown in reports")
    intent: str | None = Field(None, description="What the customer wants, in their words")
    do: list[Action] = Field(default_factory=list, description="Actions (web channel)")
    ask: str | None = Field(None, description="Prompt shown to a person in a guided walk")
    checks: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="Per-step check parameters: {check-id: {param: value}}"
    )
    measure: list[Measure] = Field(default_factory=list, description="Values a person records")


class Budget(FileModel):
    seconds: float | None = Field(None, gt=0, description="Time the whole journey may take")
    actions: int | None = Field(None, gt=0, description="Customer actions the journey may take")
    fields: int | None = Field(None, gt=0, description="Form fields the customer may have to fill")


class Journey(FileModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", description="Stable id, used in history")
    title: str = Field(min_length=1, description="What the customer sets out to do")
    persona: str | None = Field(None, description="Who the customer is, for the people reading")
    owner: Owner | None = Field(None, description="Who answers for this journey: named in alerts")
    channel: Channel = Field(
        Channel.web, description="web is automated; others are walked by a person"
    )
    start: str | None = Field(
        None, validate_default=True, description="Path appended to the audit's base_url, or a URL"
    )
    device: Device | None = Field(None, description="Walk only on this device")
    lenses: list[Lens] | None = Field(
        None,
        description="Customer lenses to walk this journey as, besides the plain walk (default: "
        "the audit's): keyboard, screen-reader, zoom-400, slow-3g, reduced-motion, forced-colours",
    )
    budget: Budget = Field(
        default_factory=Budget, description="What the journey may cost the customer"
    )
    retries: int | None = Field(
        None, ge=0, le=5, description="Tries again a failed step this many times (default: audit's)"
    )
    vars: dict[str, str] = Field(default_factory=dict, description="Values for ${vars.name}")
    steps: list[Step] = Field(min_length=1, description="Steps, or `use:` fragment items")

    @field_validator("start")
    @classmethod
    def _web_needs_start(cls, start: str | None, info: ValidationInfo) -> str | None:
        if start is None and info.data.get("channel") is Channel.web:
            raise ValueError("a web journey needs 'start' (a path such as /)")
        return start

    @field_validator("steps")
    @classmethod
    def _people_walk_other_channels(cls, steps: list[Step], info: ValidationInfo) -> list[Step]:
        channel = info.data.get("channel")
        if channel not in (None, Channel.web) and any(step.do for step in steps):
            raise ValueError(f"a {channel} journey is walked by a person: steps take no 'do'")
        return steps

    @property
    def automated(self) -> bool:
        return self.channel is Channel.web

    def action_count(self) -> int:
        return sum(1 for step in self.steps for a in step.do if a.kind not in LOOKING_KINDS)


class Fragment(FileModel):
    """Reusable steps, pulled into a journey with `- use: fragments/x.yaml` and `with:`."""

    params: dict[str, str | None] = Field(
        default_factory=dict, description="Parameters and defaults; null means required"
    )
    steps: list[Any] = Field(min_length=1, description="Steps, as in a journey")


class UseStep(FileModel):
    """A step item that stands for a fragment's steps."""

    use: str = Field(description="Fragment file, relative to this file, inside the project")
    with_: dict[str, str] = Field(default_factory=dict, alias="with")

    @field_validator("with_", mode="before")
    @classmethod
    def _numbers_are_text(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return {
            k: str(v) if isinstance(v, int | float) and not isinstance(v, bool) else v
            for k, v in value.items()
        }
