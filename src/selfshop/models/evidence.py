"""What a customer met at one step: gathered by the automated walker or by a person.

Both walkers fill this same model, so checking, scoring and reporting are shared. Every field
taken from the audited site is untrusted text: reports must escape it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any

from pydantic import Field
from pydantic.fields import FieldInfo

from selfshop.models.common import DataModel
from selfshop.models.journey import Channel, Journey

# Why a step was not walked when the run was stopped (Ctrl-C, a signal, its time bound) first.
INTERRUPTED_STEP = "The run was interrupted before this step."
OVERRUN_STEP = "The audit ran past its time bound and was stopped before this step."
STOPPED_STEPS = frozenset({INTERRUPTED_STEP, OVERRUN_STEP})


class EvidenceKind(StrEnum):
    """Kinds of evidence a check may declare it needs (gathered only when some check needs it)."""

    page = "page"  # url, title, status, text, lang, headers, images, inputs
    screenshot = "screenshot"
    timings = "timings"
    network = "network"  # requests, failures, third-party origins, redirects
    console = "console"  # console errors, page errors, dialogs
    cookies = "cookies"
    axe = "axe"
    keyboard = "keyboard"  # tab reachability and focus visibility of the controls used
    reflow = "reflow"
    controls = "controls"  # size and accessible name of interactive controls
    signals = "signals"  # what the checks beyond axe read: links, text, media, CSS, ARIA
    lens = "lens"  # what a lens walk saw: where its customer was stuck, lost or left out
    guided = "guided"


class StepStatus(StrEnum):
    passed = "passed"  # every action worked
    failed = "failed"  # an action, expectation or navigation failed: a blocker
    not_reached = "not_reached"  # an earlier step failed
    skipped = "skipped"  # a guided walker chose not to do it


class ActionRecord(DataModel):
    kind: str
    description: str = Field(description="Masked: secret values never appear")
    duration_ms: float = 0
    ok: bool = True
    error: str | None = None
    selector: str | None = Field(None, description="Element used, for keyboard checks")
    navigation_ms: float | None = Field(
        None,
        description="It worked, but the page it opened took this long to load (longer than "
        "the action time limit)",
    )
    notice: str | None = Field(
        None,
        description="What the action saw that can keep it from working, e.g. a link that gives "
        "its focus away; named in the step's error if a later action fails",
    )


class Timings(DataModel):
    ttfb_ms: float | None = None
    dom_content_loaded_ms: float | None = None
    load_ms: float | None = None
    lcp_ms: float | None = None
    cls: float | None = None
    felt_ms: float | None = Field(None, description="The step as the customer felt it: all of it")


class RequestRecord(DataModel):
    url: str
    method: str = "GET"
    resource_type: str = "other"
    status: int | None = None
    bytes: int = 0
    failure: str | None = Field(None, description="Network error text when it never completed")
    third_party: bool = False
    has_body: bool = Field(False, description="Sent form or JSON data")


class BlockedRequest(DataModel):
    url: str
    reason: str = Field(description="'off-origin navigation' or 'blocked by audit pattern'")


class ConsoleEntry(DataModel):
    level: str = Field(description="error, warning, pageerror, dialog")
    text: str
    location: str | None = None


class CookieRecord(DataModel):
    """A cookie's flags; its value is never stored."""

    name: str
    domain: str = ""
    path: str = "/"
    secure: bool = False
    http_only: bool = False
    same_site: str | None = None


class ImageRecord(DataModel):
    src: str
    alt: str | None = None
    broken: bool = False
    selector: str | None = None


class InputRecord(DataModel):
    selector: str
    type: str = "text"
    name: str | None = None
    autocomplete: str | None = None
    accessible_name: str | None = None


class RefusedField(DataModel):
    """A field the browser itself refused when the customer tried to send its form."""

    selector: str
    name: str | None = Field(None, description="Its accessible name")
    message: str = Field("", description="What the browser's own bubble said (untrusted)")


class Box(DataModel):
    """A rectangle in CSS pixels of the whole page (as in a full-page screenshot)."""

    x: float
    y: float
    width: float
    height: float


class AxeNode(DataModel):
    target: list[str] = Field(default_factory=list)
    html: str = Field("", description="Truncated snippet")
    summary: str | None = None
    box: Box | None = Field(None, description="Where the element is on the page")
    path: str | None = Field(
        None, description="The element's CSS path, written as the walker writes a used control's"
    )
    frame: str | None = Field(
        None,
        description="The frame the element is in (its title, name or address), when it is in "
        "one; its box is then the frame's",
    )


class AxeViolation(DataModel):
    id: str
    impact: str | None = None
    help: str = ""
    description: str = ""
    help_url: str | None = None
    tags: list[str] = Field(default_factory=list)
    nodes: list[AxeNode] = Field(default_factory=list)
    act_ids: list[str] = Field(
        default_factory=list, description="The W3C ACT rules axe says this rule implements"
    )


class ControlRecord(DataModel):
    """An interactive control on the page, or one the journey's actions used."""

    selector: str
    role: str | None = None
    accessible_name: str | None = None
    width: float | None = None
    height: float | None = None
    used: bool = Field(False, description="An action of this step used it")
    keyboard_reachable: bool | None = Field(None, description="Tab reaches it")
    focus_visible: bool | None = Field(None, description="It shows where focus is")
    box: Box | None = Field(None, description="Where the control is on the page")
    page_url: str | None = Field(None, description="The page it was used on (used controls)")
    browser_sized: bool = Field(
        False,
        description="Its size is the browser's own: no page style changed it (WCAG 2.5.8's "
        "user-agent exception; measured only for controls under 24 px)",
    )
    in_sentence: bool = Field(
        False,
        description="An inline control inside a line of text, as tall as the line (WCAG "
        "2.5.8's inline exception; measured only for controls under 24 px)",
    )


class PageSignal(DataModel):
    """One thing on the page a check beyond axe looks at (untrusted text)."""

    selector: str = Field(description="Its CSS path")
    text: str = Field("", description="Its visible text or label, truncated")
    detail: str = Field("", description="What was measured or found, as the check reads it")
    value: float | None = Field(None, description="A measured number (px, characters, degrees)")


class Reflow(DataModel):
    viewport_width: int = 320
    scroll_width: int = 0
    overflows: bool = False
    causes: list[str] | None = Field(
        None,
        description="CSS paths of the elements that stick out sideways and may not (None: not "
        "looked for)",
    )
    exempt: list[str] = Field(
        default_factory=list,
        description="Elements that stick out but need two-dimensional layout (WCAG 1.4.10): "
        "video, canvas, images, maps, data tables, or content of an element that scrolls itself",
    )
    clipped_text: list[PageSignal] | None = Field(
        None,
        description="Text cut off by a box that hides its overflow when zoomed to 200 % (WCAG "
        "1.4.4; text: the text, detail: the box's CSS path; None: not looked for)",
    )


class PageSignals(DataModel):
    """What the checks beyond axe read, gathered in one call on the page."""

    label_not_in_name: list[PageSignal] = Field(
        default_factory=list, description="Controls whose name lacks their visible label (text)"
    )
    orientation_locks: list[PageSignal] = Field(
        default_factory=list, description="@media (orientation) rules turning the page (degrees)"
    )
    headers_without_cells: list[PageSignal] = Field(default_factory=list)
    prohibited_aria: list[PageSignal] = Field(
        default_factory=list, description="Naming attributes on roles that forbid them (detail)"
    )
    autoplay_media: list[PageSignal] = Field(
        default_factory=list,
        description="Unmuted media set to play by itself, unless known silent (value: seconds "
        "of sound, or of the media when it could not be heard; detail: 'controls' when it has "
        "the browser's own)",
    )
    page_controls: int = Field(
        0,
        description="Shown, exposed controls whose name speaks of pausing, stopping or "
        "muting sound",
    )
    viewport: str | None = Field(None, description="The meta viewport's content, if any")
    focus_traps: list[PageSignal] = Field(
        default_factory=list, description="Elements whose blur handler pulls focus back"
    )
    animated_images: list[PageSignal] = Field(
        default_factory=list, description="GIF, APNG or WebP images with several frames"
    )
    language_texts: list[PageSignal] = Field(
        default_factory=list,
        description="The text shown in each declared language (detail: the lang attribute; "
        "value 1 for the page's own, on <html>)",
    )
    same_named_frames: list[PageSignal] = Field(
        default_factory=list,
        description="Frames named like another that shows clearly different content (text: "
        "the name, detail: both addresses)",
    )
    important_spacing: list[PageSignal] = Field(
        default_factory=list,
        description="!important text spacing in style attributes (detail: property, value: "
        "its size in em)",
    )
    links: list[PageSignal] = Field(
        default_factory=list,
        description="Visible links: name and title (text), address (detail), value 1 when it "
        "opens a new window",
    )
    small_text: list[PageSignal] = Field(default_factory=list, description="value: font px")
    justified_text: list[PageSignal] = Field(default_factory=list)
    low_contrast: list[PageSignal] = Field(
        default_factory=list,
        description="Text on a plain background below 7:1 contrast (value: its ratio, detail: "
        "large or normal text)",
    )
    long_lines: list[PageSignal] = Field(default_factory=list, description="value: characters")
    pseudo_content: list[PageSignal] = Field(
        default_factory=list, description="Words added by CSS ::before / ::after (detail)"
    )
    placeholder_only: list[PageSignal] = Field(default_factory=list)
    ungrouped_choices: list[PageSignal] = Field(
        default_factory=list, description="Radio/checkbox sets sharing a name outside a group"
    )
    navigating_selects: list[PageSignal] = Field(default_factory=list)
    focus_hidden: list[PageSignal] = Field(
        default_factory=list,
        description="Focusable elements whose focus indicator is missing or faint (detail: "
        "why, value: its best contrast)",
    )


class LensNote(DataModel):
    """Something a lens walk's customer met that the plain walk's did not (walk/lenses)."""

    lens: str = Field(description="keyboard, screen-reader, zoom-400, ...")
    kind: str = Field(description="What it is, e.g. unreachable, clipped, disappears")
    message: str = Field(description="In the customer's words (untrusted site text quoted)")
    selector: str | None = Field(None, description="CSS path of the element, when one")
    blocker: bool = Field(False, description="The customer could not go on")


class GuidedRating(DataModel):
    """A person's view of a step: ratings 1-5 per standard (None = not applicable)."""

    auditor: str
    walked_at: str = Field(description="ISO date-time")
    ratings: dict[str, int | None] = Field(default_factory=dict)
    notes: str = ""
    blocker: bool = Field(False, description="'This stopped me'")
    measures: dict[str, float] = Field(default_factory=dict)
    attachments: list[str] = Field(default_factory=list, description="Paths in artefacts/")


class Attempt(DataModel):
    """A failed try at a step that was then tried again (`retries:`), kept as evidence."""

    attempt: int = Field(ge=1, description="1 for the first try")
    error: str | None = Field(None, description="Why this try failed")
    url: str | None = None
    screenshot: str | None = Field(None, description="Path relative to the run folder")


class StepEvidence(DataModel):
    journey_id: str
    step_index: int
    step_name: str
    intent: str | None = None
    device: str = "desktop"
    channel: Channel = Channel.web
    status: StepStatus = StepStatus.passed
    error: str | None = Field(None, description="Why the step failed, in words")
    lens: str | None = Field(None, description="The customer lens walked, None for the plain walk")
    gathered: list[EvidenceKind] = Field(default_factory=list)

    url: str | None = None
    title: str | None = None
    status_code: int | None = Field(None, description="HTTP status of the main document")
    redirects: list[str] = Field(default_factory=list)
    lang: str | None = None
    text: str = Field("", description="Visible text, possibly truncated")
    hidden_text: str = Field(
        "",
        description="Text in the page's hidden elements (not scripts or styles), possibly "
        "truncated: where debug pages hide stack traces",
    )
    headers: dict[str, str] = Field(default_factory=dict, description="Main document, lower-case")
    actions: list[ActionRecord] = Field(default_factory=list)
    screenshot: str | None = Field(None, description="Path relative to the run folder")
    thumbnail: str | None = None
    masked: list[Box] = Field(default_factory=list, description="Areas masked in the screenshot")
    pixel_ratio: float | None = Field(
        None, description="Screenshot pixels per CSS pixel (the device's pixel ratio)"
    )
    timings: Timings = Field(default_factory=Timings)
    requests: list[RequestRecord] = Field(default_factory=list)
    blocked: list[BlockedRequest] = Field(default_factory=list)
    console: list[ConsoleEntry] = Field(default_factory=list)
    cookies: list[CookieRecord] = Field(default_factory=list)
    images: list[ImageRecord] = Field(default_factory=list)
    refused: list[RefusedField] = Field(
        default_factory=list,
        description="Fields whose form the browser would not send (its own validation bubble)",
    )
    inputs: list[InputRecord] = Field(default_factory=list)
    axe: list[AxeViolation] | None = Field(None, description="None when axe did not run")
    controls: list[ControlRecord] = Field(default_factory=list)
    reflow: Reflow | None = None
    signals: PageSignals | None = Field(None, description="None when not gathered")
    layout: Reflow | None = Field(
        None, description="Page width at the device's own viewport (layout-overflow check)"
    )
    guided: list[GuidedRating] = Field(default_factory=list)
    lens_notes: list[LensNote] = Field(default_factory=list, description="What a lens walk met")
    announced: str | None = Field(
        None, description="Screen-reader lens: the page as its accessibility tree announces it"
    )
    pages_met: list[StepEvidence] = Field(
        default_factory=list,
        description="Pages the step acted on before it ended elsewhere (the address form, when "
        "the step ends on the payment page), judged too",
    )
    trace: str | None = Field(
        None, description="Playwright trace of the walk, relative to the run folder"
    )
    attempts: list[Attempt] = Field(
        default_factory=list, description="Failed tries before the one recorded (retries)"
    )

    def has(self, kind: EvidenceKind) -> bool:
        return kind in self.gathered

    def view(self, kinds: Iterable[EvidenceKind]) -> StepEvidence:
        """This evidence with only the fields of `kinds` (and the step's own facts) filled in:
        what a check that declared `kinds` may read (Lighthouse's requiredArtifacts)."""
        wanted = STEP_FACTS.union(*(FIELDS_OF[kind] for kind in kinds))
        hidden = {name: blank() for name, blank in _BLANKS.items() if name not in wanted}
        return self.model_copy(update=hidden)

    @property
    def flaky(self) -> bool:
        """Failed, then passed when tried again: passed, and never to be hidden."""
        return self.status is StepStatus.passed and bool(self.attempts)

    @classmethod
    def blank_like(cls, other: StepEvidence) -> StepEvidence:
        """Empty evidence of the same step (for another page it met)."""
        return cls(
            journey_id=other.journey_id,
            step_index=other.step_index,
            step_name=other.step_name,
            intent=other.intent,
            device=other.device,
            channel=other.channel,
            lens=other.lens,
        )

    @classmethod
    def blank(cls, journey: Journey, index: int, device: str) -> StepEvidence:
        """Evidence of one step before anything is gathered: who, where, which step."""
        step = journey.steps[index]
        return cls(
            journey_id=journey.id,
            step_index=index,
            step_name=step.name,
            intent=step.intent,
            device=device,
            channel=journey.channel,
        )

    @classmethod
    def not_reached(
        cls, journey: Journey, index: int, device: str, why: str | None = None
    ) -> StepEvidence:
        """Evidence of a step the customer never got to (an earlier step failed, or the run
        was stopped first)."""
        evidence = cls.blank(journey, index, device)
        evidence.status = StepStatus.not_reached
        evidence.error = why
        return evidence


# What every check may read: which step this is and what happened on it (the walker records
# these for every step, whatever the checks need).
STEP_FACTS = frozenset(
    {
        "journey_id",
        "step_index",
        "step_name",
        "intent",
        "device",
        "channel",
        "status",
        "error",
        "gathered",
        "url",
        "actions",
        "blocked",
        "refused",  # whether the step got through: the browser would not send its form
        "pages_met",  # other pages the step met: judged by check_step, page by page
        "attempts",  # failed tries before this one (retries): a flaky step is a fact of it
        "trace",  # where the walk's Playwright trace is, when one was kept
        "lens",  # which customer walked it: a lens walk is judged as that customer
    }
)
# The StepEvidence fields each kind of evidence fills: a check sees only those it declared.
FIELDS_OF: dict[EvidenceKind, frozenset[str]] = {
    EvidenceKind.page: frozenset(
        {
            "title",
            "status_code",
            "redirects",
            "lang",
            "text",
            "hidden_text",
            "headers",
            "images",
            "inputs",
        }
    ),
    EvidenceKind.screenshot: frozenset({"screenshot", "thumbnail", "masked", "pixel_ratio"}),
    EvidenceKind.timings: frozenset({"timings"}),
    EvidenceKind.network: frozenset({"requests"}),
    EvidenceKind.console: frozenset({"console"}),
    EvidenceKind.cookies: frozenset({"cookies"}),
    EvidenceKind.axe: frozenset({"axe"}),
    EvidenceKind.keyboard: frozenset({"controls"}),
    EvidenceKind.reflow: frozenset({"reflow", "layout"}),
    EvidenceKind.controls: frozenset({"controls"}),
    EvidenceKind.signals: frozenset({"signals"}),
    EvidenceKind.guided: frozenset({"guided"}),
    EvidenceKind.lens: frozenset({"lens_notes", "announced"}),
}


def _blank_of(info: FieldInfo) -> Callable[[], Any]:
    factory = info.default_factory
    if factory is not None:
        return factory  # type: ignore[return-value]  # list, dict or a model: no arguments
    value = info.default
    return lambda: value


# Each field's empty value, worked out once: pydantic's get_default inspects the factory's
# signature on every call, too slow for one view per check per step.
_BLANKS: dict[str, Callable[[], Any]] = {
    name: _blank_of(info) for name, info in StepEvidence.model_fields.items()
}
