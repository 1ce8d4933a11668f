"""Inclusion beyond axe: what a browser can see that axe-style rules leave out.

Each check is a pure function of the page's signals (gather/page_signals.py). These checks
look for particular faults, so they speak only when they find one: a page without it is "not
applicable" rather than a pass, and a handful of faults nobody has are never averaged in to
hide the faults a page does have. Severity follows
judge/checks/severity.py: a failure of a WCAG A/AA criterion is a barrier, major when it stops
a customer (a control speech users cannot name, a page that will not turn, sound they cannot
stop) and minor when it only hinders; advice beyond WCAG A/AA (AAA criteria, best practice) is
never above minor and never a barrier.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from pydantic import Field

from selfshop.judge.checks._util import clamp, short
from selfshop.judge.checks.registry import (
    CheckContext,
    CheckParams,
    MissingEvidence,
    Outcome,
    check,
)
from selfshop.models.evidence import EvidenceKind, PageSignal, PageSignals, StepEvidence
from selfshop.models.results import Finding, Severity

E = EvidenceKind
STANDARD = "inclusion"


def _signals(evidence: StepEvidence) -> PageSignals:
    if evidence.signals is None:
        raise MissingEvidence("the page's signals were not gathered")
    return evidence.signals


NOTHING_FOUND = "nothing of this kind was found on the page"


def _outcome(findings: list[Finding], *, each: float) -> Outcome:
    """Less than 1 by `each` per finding; not applicable when nothing was found."""
    if not findings:
        return Outcome.not_applicable(NOTHING_FOUND)
    return Outcome(clamp(1 - each * len(findings)), findings)


def _where(items: Iterable[PageSignal]) -> str:
    return ", ".join(dict.fromkeys(item.selector for item in items))


# --- visible label in the accessible name (WCAG 2.5.3) ---------------------------------------

_PARENTHESES = re.compile(r"\([^)]*\)")
_NOT_WORD = re.compile(r"[^\w]+|_")


def _words(text: str) -> list[str]:
    """Lower-case words, punctuation and symbols dropped, hyphenated words joined."""
    text = _PARENTHESES.sub(" ", text.replace("\u00a0", " ")).replace("-", "").lower()
    return [w for w in _NOT_WORD.sub(" ", text).split() if w]


def label_in_name(visible: str, name: str) -> bool:
    """Is the visible label, word by word, part of the accessible name? A visible word ending
    in a full stop may stand for a longer name word ("Ave." for "avenue"); a hint in
    parentheses is not part of the label; a lone letter (an "X" icon) is not a label."""
    label = _PARENTHESES.sub(" ", visible.replace("\u00a0", " ")).split()
    abbreviated = {w.rstrip(".").replace("-", "").lower() for w in label if w.endswith(".")}
    words = _words(visible)
    if not words or (len(words) == 1 and len(words[0]) == 1 and words[0].isalpha()):
        return True
    pattern = " ".join(re.escape(w) + (r"\w*" if w in abbreviated else "") for w in words)
    return re.search(rf"(^| ){pattern}( |$)", " ".join(_words(name))) is not None


@check(
    "label-in-name",
    standard=STANDARD,
    title="A control's name contains the label customers see",
    needs=[E.signals],
    params=CheckParams,
    references=["WCAG 2.5.3"],
    act_rules=["2ee8b8"],
)
def label_in_name_check(evidence: StepEvidence, params: CheckParams, ctx: CheckContext) -> Outcome:
    """Customers who speak to their computer say what they see: "click Discover Italy". A
    button or link whose accessible name (aria-label) does not contain its visible text, word
    for word, does not answer. Major (WCAG 2.5.3, level A)."""
    signals = _signals(evidence)
    if not signals.label_not_in_name:
        return Outcome.not_applicable("no labelled control names itself differently")
    wrong = [s for s in signals.label_not_in_name if not label_in_name(s.text, s.detail)]
    findings = [
        ctx.finding(
            Severity.major,
            f"A control shows '{short(s.text, 40)}' but is named '{short(s.detail, 40)}', so "
            "customers using speech cannot activate it by what they see.",
            subject=s.selector,
            fix="Start the accessible name with the visible text (or drop the aria-label).",
            selector=s.selector,
            references=["WCAG 2.5.3"],
        )
        for s in wrong
    ]
    return _outcome(findings, each=0.5)


# --- orientation (WCAG 1.3.4) -----------------------------------------------------------------


def _turned(degrees: float) -> bool:
    """A quarter turn, give or take: the page is shown sideways in that orientation."""
    return 45 <= abs(degrees) % 180 <= 135


@check(
    "orientation",
    standard=STANDARD,
    title="The page works in portrait and landscape",
    needs=[E.signals],
    params=CheckParams,
    references=["WCAG 1.3.4"],
    act_rules=["b33eff"],
)
def orientation(evidence: StepEvidence, params: CheckParams, ctx: CheckContext) -> Outcome:
    """A page that rotates itself a quarter turn in one orientation (an `@media (orientation)`
    rule turning html or body) forces customers with a mounted tablet or phone to read it
    sideways. Major (WCAG 1.3.4, level AA)."""
    signals = _signals(evidence)
    locks = [s for s in signals.orientation_locks if s.value is not None and _turned(s.value)]
    if not locks:
        return Outcome.not_applicable("no orientation media rule turns the page")
    lock = locks[0]
    finding = ctx.finding(
        Severity.major,
        f"In '{short(lock.text, 40)}' the page turns itself {lock.value:.0f}°, so it cannot be "
        "read in that orientation.",
        subject="locked",
        fix="Let the layout adapt to both orientations instead of rotating the page.",
        selector=lock.detail,
        references=["WCAG 1.3.4"],
    )
    return Outcome(0.0, [finding])


# --- structure: table headers and names where ARIA forbids them ------------------------------


@check(
    "table-headers",
    standard=STANDARD,
    title="Every table header heads some cells",
    needs=[E.signals],
    params=CheckParams,
    references=["WCAG 1.3.1"],
    act_rules=["d0f69e"],
)
def table_headers(evidence: StepEvidence, params: CheckParams, ctx: CheckContext) -> Outcome:
    """A header cell that heads no data cell (none in its column or row, none naming it in
    `headers`) tells screen-reader users the table has a shape it does not have. Minor (WCAG
    1.3.1, level A)."""
    empty = _signals(evidence).headers_without_cells
    findings = [
        ctx.finding(
            Severity.minor,
            f"The table header '{short(s.text, 40)}' heads no cell in its {s.detail}.",
            subject=s.selector,
            fix="Give the header data cells, or make it a data cell.",
            selector=s.selector,
            references=["WCAG 1.3.1"],
        )
        for s in empty
    ]
    return _outcome(findings, each=0.25)


@check(
    "aria-naming",
    standard=STANDARD,
    title="Names are given only where ARIA allows them",
    needs=[E.signals],
    params=CheckParams,
    references=["WCAG 1.3.1", "WCAG 4.1.2"],
    act_rules=["kb1m8s"],
)
def aria_naming(evidence: StepEvidence, params: CheckParams, ctx: CheckContext) -> Outcome:
    """aria-label, aria-labelledby or aria-roledescription on plain text (a div, span or
    paragraph) is ignored by screen readers, so what it says never reaches them. Minor (WCAG
    1.3.1, level A)."""
    misused = _signals(evidence).prohibited_aria
    findings = [
        ctx.finding(
            Severity.minor,
            f"{s.detail.capitalize()}: screen readers ignore it there, so "
            f"'{short(s.text, 40)}' is read without it.",
            subject=s.selector,
            fix="Put the words in the content itself, or give the element a role that takes a "
            "name.",
            selector=s.selector,
            references=["WCAG 1.3.1", "WCAG 4.1.2"],
        )
        for s in misused
    ]
    return _outcome(findings, each=0.25)


@check(
    "frame-names",
    standard=STANDARD,
    title="Frames with the same name show the same thing",
    needs=[E.signals],
    params=CheckParams,
    references=["WCAG 4.1.2"],
    act_rules=["4b1c6c"],
)
def frame_names(evidence: StepEvidence, params: CheckParams, ctx: CheckContext) -> Outcome:
    """Screen-reader users pick a frame by its name: two frames named alike must serve the same
    purpose. Frames whose text can be read (the site's own, at any depth, in shadow roots too)
    are compared by name; two that share no word at all show clearly different things (two
    adverts, or a page and its copy, share some and are left alone). Minor (WCAG 4.1.2, A)."""
    findings = [
        ctx.finding(
            Severity.minor,
            f"Two frames are both named '{short(s.text, 40)}' but show different content, so "
            "screen-reader users cannot tell them apart.",
            subject=s.text,
            fix="Give each frame a title that says what it shows.",
            selector=s.selector,
            excerpt=s.detail,
            references=["WCAG 4.1.2"],
        )
        for s in _signals(evidence).same_named_frames
    ]
    return _outcome(findings, each=0.25)


# --- sound and spacing -----------------------------------------------------------------------


class AutoplayParams(CheckParams):
    max_seconds: float = Field(3, description="Sound allowed to play by itself (WCAG 1.4.2)")


# The W3C ACT rules of sound that plays by itself: no control to stop it (4c31df, and so the
# composite 80f0bf), and sound that lasts over 3 s at all (aaa1bf).
UNCONTROLLED_SOUND_ACT = ["80f0bf", "4c31df", "aaa1bf"]
LONG_SOUND_ACT = ["aaa1bf"]


@check(
    "autoplay-audio",
    standard=STANDARD,
    title="No sound plays by itself without a way to stop it",
    needs=[E.signals],
    params=AutoplayParams,
    references=["WCAG 1.4.2"],
    act_rules=UNCONTROLLED_SOUND_ACT,
)
def autoplay_audio(evidence: StepEvidence, params: AutoplayParams, ctx: CheckContext) -> Outcome:
    """Audio or video that starts with sound by itself for more than `max_seconds` drowns out
    a screen reader. Its sound is decoded to tell how long it is audible, so a silent video is
    never judged. With no controls of its own and no pause, stop or mute control on the page
    that customers can see and hear named, it is major (WCAG 1.4.2, level A); with one it is
    advice (minor): customers must find the control while the sound talks over their screen
    reader."""
    signals = _signals(evidence)
    loud = [s for s in signals.autoplay_media if s.value is None or s.value > params.max_seconds]
    if not loud:
        return Outcome.not_applicable("nothing plays with sound by itself")
    findings = [_sound_finding(s, signals.page_controls > 0, ctx) for s in loud]
    stuck = any(f.severity is Severity.major for f in findings)
    return Outcome(0.0 if stuck else 0.9, findings)


def _sound_finding(media: PageSignal, page_controls: bool, ctx: CheckContext) -> Finding:
    article = "An" if media.text == "audio" else "A"
    seconds = f" for {media.value:.0f} s" if media.value is not None else ""
    if media.detail == "controls" or page_controls:
        return ctx.finding(
            Severity.minor,
            f"{article} {media.text} starts playing sound by itself{seconds}; it can be paused, "
            "but it talks over screen readers until customers find how.",
            subject=media.selector,
            fix="Start it muted, or only when the customer asks for it.",
            selector=media.selector,
            references=["WCAG 1.4.2"],
            barrier=False,
            act_rules=LONG_SOUND_ACT,
        )
    return ctx.finding(
        Severity.major,
        f"{article} {media.text} plays sound by itself{seconds} with no way to pause or mute "
        "it, drowning out screen readers.",
        subject=media.selector,
        fix="Do not autoplay sound; or add controls, or start muted.",
        selector=media.selector,
        references=["WCAG 1.4.2"],
    )


# WCAG 1.4.12's spacing a customer must be able to set, in em of the font size.
TEXT_SPACING_EM = {"line-height": 1.5, "letter-spacing": 0.12, "word-spacing": 0.16}
# The W3C ACT rule for each of them.
TEXT_SPACING_ACT = {"line-height": "78fd32", "letter-spacing": "24afc2", "word-spacing": "9e45ec"}


@check(
    "text-spacing",
    standard=STANDARD,
    title="Customers can widen text spacing",
    needs=[E.signals],
    params=CheckParams,
    references=["WCAG 1.4.12"],
    act_rules=["24afc2", "78fd32", "9e45ec"],
)
def text_spacing(evidence: StepEvidence, params: CheckParams, ctx: CheckContext) -> Outcome:
    """Customers with dyslexia or low vision widen line, letter and word spacing with their
    own style sheet. Spacing fixed with !important in a style attribute stops them, unless it
    is already at least as wide as WCAG 1.4.12 asks (line height 1.5, letters 0.12 em, words
    0.16 em; line height only matters for text that wraps). Major (level AA). When this check
    runs, it judges axe-core's avoid-inline-spacing rule, which flags any !important."""
    spaced = _signals(evidence).important_spacing
    if not spaced:
        return Outcome.not_applicable("no !important text spacing in style attributes")
    tight = []
    for s in spaced:
        prop, _, wraps = s.detail.partition(" ")
        needed = TEXT_SPACING_EM.get(prop)
        if needed is None or s.value is None or (prop == "line-height" and not wraps):
            continue
        if s.value < needed - 0.001:
            tight.append((s, prop, needed))
    findings = [
        ctx.finding(
            Severity.major,
            f"The {prop} of '{short(s.text, 40)}' is fixed with !important at "
            f"{s.value:g} em, below {needed:g} em, so customers cannot widen it.",
            subject=f"{s.selector} {prop}",
            fix=f"Drop !important, or set {prop} to at least {needed:g} em.",
            selector=s.selector,
            references=["WCAG 1.4.12"],
            act_rules=[TEXT_SPACING_ACT[prop]],
        )
        for s, prop, needed in tight
    ]
    return _outcome(findings, each=0.5)


@check(
    "focus-trap",
    standard=STANDARD,
    title="Keyboard focus can always move on",
    needs=[E.signals],
    params=CheckParams,
    references=["WCAG 2.1.2"],
    act_rules=["80af7b", "a1b64e"],
)
def focus_trap(evidence: StepEvidence, params: CheckParams, ctx: CheckContext) -> Outcome:
    """An element whose blur handler pulls focus back when it is left traps keyboard users:
    Tab cannot take them past it. Each element with such a handler is focused, left, and
    watched for a moment. Major (WCAG 2.1.2, level A)."""
    traps = _signals(evidence).focus_traps
    findings = [
        ctx.finding(
            Severity.major,
            f"Keyboard focus cannot leave '{short(s.text or s.selector, 40)}': its blur handler "
            f"({short(s.detail, 40)}) pulls focus back.",
            subject=s.selector,
            fix="Do not move focus back in a blur handler; validate without trapping.",
            selector=s.selector,
            references=["WCAG 2.1.2"],
        )
        for s in traps
    ]
    return _outcome(findings, each=1.0)


# --- movement (WCAG 2.2.2) --------------------------------------------------------------------


@check(
    "animated-images",
    standard=STANDARD,
    title="No image moves without a way to stop it",
    needs=[E.signals],
    params=CheckParams,
    references=["WCAG 2.2.2"],
)
def animated_images(evidence: StepEvidence, params: CheckParams, ctx: CheckContext) -> Outcome:
    """An animated GIF, PNG or WebP keeps moving and cannot be paused; movement distracts
    customers with attention difficulties and can make some feel ill. WCAG 2.2.2 allows
    animation that stops within five seconds, which a file's frames alone do not tell, so
    this is advice: minor."""
    moving = _signals(evidence).animated_images
    findings = [
        ctx.finding(
            Severity.minor,
            f"An animated image ('{short(s.text or s.detail, 40)}') moves with no way to pause "
            "it; make sure it stops within 5 seconds.",
            subject=s.selector,
            fix="Use a still image, or a video with controls that does not loop.",
            selector=s.selector,
            references=["WCAG 2.2.2"],
            barrier=False,
        )
        for s in moving
    ]
    return _outcome(findings, each=0.1)


# --- zoom (WCAG 1.4.4) -----------------------------------------------------------------------


def _viewport_number(value: str) -> float | None:
    """A viewport value as browsers read it: yes 1, no 0, device sizes 10, else a number."""
    named = {"yes": 1.0, "no": 0.0, "device-width": 10.0, "device-height": 10.0}
    if value in named:
        return named[value]
    match = re.match(r"[-+]?\d*\.?\d+", value)
    return float(match.group()) if match else 0.0


def zoom_blocked(content: str) -> str | None:
    """Why a meta viewport stops customers zooming to 200 %, or None when it does not."""
    values = {}
    for part in re.split(r"[,;]", content.lower()):
        key, _, value = part.partition("=")
        values[key.strip()] = value.strip().strip("'\"")
    if "user-scalable" in values:
        scalable = _viewport_number(values["user-scalable"])
        if scalable is not None and -1 < scalable < 1:
            return f"user-scalable={values['user-scalable']}"
    if "maximum-scale" in values:
        most = _viewport_number(values["maximum-scale"])
        if most is not None and 0 <= most < 2:
            return f"maximum-scale={values['maximum-scale']}"
    return None


@check(
    "zoom",
    standard=STANDARD,
    title="Customers can zoom in",
    needs=[E.signals],
    params=CheckParams,
    references=["WCAG 1.4.4"],
    act_rules=["b4f0c3"],
)
def zoom(evidence: StepEvidence, params: CheckParams, ctx: CheckContext) -> Outcome:
    """A meta viewport with user-scalable=no (or 0, or a value browsers read as 0) or a
    maximum-scale below 2 stops customers with low vision zooming in on phones. Major (WCAG
    1.4.4, level AA). When this check runs it judges axe-core's meta-viewport rule."""
    content = _signals(evidence).viewport
    if content is None:
        return Outcome.not_applicable("the page has no meta viewport")
    why = zoom_blocked(content)
    if why is None:
        return Outcome.not_applicable("the meta viewport lets customers zoom")
    finding = ctx.finding(
        Severity.major,
        f"The page's meta viewport ({why}) stops customers zooming in.",
        subject="blocked",
        fix="Remove user-scalable and maximum-scale from the meta viewport.",
        selector='meta[name="viewport"]',
        references=["WCAG 1.4.4"],
    )
    return Outcome(0.0, [finding])


# --- contrast beyond AA (WCAG 1.4.6) ---------------------------------------------------------


@check(
    "enhanced-contrast",
    standard=STANDARD,
    title="Text has enhanced contrast",
    needs=[E.signals],
    params=CheckParams,
    references=["WCAG 1.4.6"],
    act_rules=["09o5cg"],
)
def enhanced_contrast(evidence: StepEvidence, params: CheckParams, ctx: CheckContext) -> Outcome:
    """Text that meets WCAG's minimum contrast (4.5:1, large text 3:1; axe-core judges that)
    but not the enhanced 7:1 (large text 4.5:1) is hard to read for many older customers and
    in sunlight. Text on images or gradients is not measured. Advice (level AAA): minor."""
    faint = [
        s
        for s in _signals(evidence).low_contrast
        if s.value is not None
        and (3 if s.detail == "large" else 4.5) <= s.value < (4.5 if s.detail == "large" else 7)
    ]
    if not faint:
        return Outcome.not_applicable(NOTHING_FOUND)
    worst = min(faint, key=lambda s: s.value or 0)
    finding = ctx.finding(
        Severity.minor,
        f"{len(faint)} text element(s) fall short of enhanced contrast, e.g. "
        f"'{short(worst.text, 40)}' at {worst.value:g}:1.",
        subject="aaa",
        fix="Darken the text or lighten its background to 7:1 (4.5:1 for large text).",
        selector=_where(faint),
        references=["WCAG 1.4.6"],
        barrier=False,
    )
    return Outcome(0.9, [finding])


# --- links -----------------------------------------------------------------------------------

AMBIGUOUS_LINK_TEXT = frozenset(
    """click here|here|click|this|this link|link|more|read more|learn more|find out more|
    see more|more info|more information|info|details|continue|go|tap here|download|
    click here to read more|read on""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)
FILE_TYPES = frozenset(
    "pdf doc docx xls xlsx ppt pptx odt ods odp rtf csv zip epub mp3 mp4 txt".split()  # noqa: SIM905
)
FILE_SIZE = re.compile(r"\d+([.,]\d+)?\s*(bytes|[kmg]i?b|[kmg]o)\b", re.IGNORECASE)
NEW_WINDOW_WARNING = re.compile(r"new (window|tab)|opens in|external|↗|⧉", re.IGNORECASE)


def _link_words(name: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", name.split(" | ")[0].lower()).split())


def _file_type(address: str) -> str | None:
    try:
        path = urlsplit(address).path.lower()
    except ValueError:
        return None
    ext = path.rpartition(".")[2] if "." in path.rpartition("/")[2] else ""
    return ext if ext in FILE_TYPES else None


@check(
    "link-text",
    standard=STANDARD,
    title="Links say where they go and what they open",
    needs=[E.signals],
    params=CheckParams,
    references=["WCAG 2.4.4", "WCAG 2.4.9", "WCAG 3.2.5"],
    act_rules=["aizyf1"],
)
def link_text(evidence: StepEvidence, params: CheckParams, ctx: CheckContext) -> Outcome:
    """Screen-reader users often list a page's links out of context: "click here" or "read
    more" then says nothing. A link that opens a new window without saying so loses customers
    (the Back button stops working), and a link to a file should say its type and size before
    a customer on a phone downloads it. Advice beyond level AA: each is minor."""
    links = _signals(evidence).links
    if not links:
        return Outcome.not_applicable("the page has no links")
    findings: list[Finding] = []
    for link in links:
        words = _link_words(link.text)
        if words in AMBIGUOUS_LINK_TEXT:
            findings.append(_ambiguous(link, ctx))
        if link.value and not NEW_WINDOW_WARNING.search(link.text):
            findings.append(_new_window(link, ctx))
        kind = _file_type(link.detail)
        if kind and not (kind in link.text.lower() and FILE_SIZE.search(link.text)):
            findings.append(_file(link, kind, ctx))
    if not findings:
        return Outcome.not_applicable(NOTHING_FOUND)
    return Outcome(clamp(1 - 0.5 * len(findings) / len(links)), findings)


def _ambiguous(link: PageSignal, ctx: CheckContext) -> Finding:
    return ctx.finding(
        Severity.minor,
        f"A link says only '{short(link.text, 30)}': out of context it does not say where it goes.",
        subject=f"ambiguous {link.selector}",
        fix="Make the link text say where it leads, e.g. 'Read more about delivery'.",
        selector=link.selector,
        references=["WCAG 2.4.4", "WCAG 2.4.9"],
        barrier=False,
    )


def _new_window(link: PageSignal, ctx: CheckContext) -> Finding:
    return ctx.finding(
        Severity.minor,
        f"The link '{short(link.text, 30)}' opens a new window without saying so.",
        subject=f"new-window {link.selector}",
        fix="Say '(opens in a new tab)' in the link, or open it in the same window.",
        selector=link.selector,
        references=["WCAG 3.2.5"],
        barrier=False,
        act_rules=[],
    )


def _file(link: PageSignal, kind: str, ctx: CheckContext) -> Finding:
    return ctx.finding(
        Severity.minor,
        f"The link '{short(link.text, 30)}' opens a {kind.upper()} file without saying its "
        "type and size.",
        subject=f"file {link.selector}",
        fix=f"Add the type and size to the link, e.g. '({kind.upper()}, 2 MB)'.",
        selector=link.selector,
        references=[],
        barrier=False,
        act_rules=[],
    )


# --- reading ---------------------------------------------------------------------------------


class ReadableTextParams(CheckParams):
    min_font_px: float = Field(9, description="Text smaller than this is too small to read")
    max_line_chars: int = Field(100, description="Longer lines are hard to follow")


@check(
    "readable-text",
    standard=STANDARD,
    title="Text is big enough, ragged and in lines short enough to read",
    needs=[E.signals],
    params=ReadableTextParams,
    references=["WCAG 1.4.8", "WCAG 1.4.4"],
)
def readable_text(evidence: StepEvidence, params: ReadableTextParams, ctx: CheckContext) -> Outcome:
    """Tiny text, justified text (uneven gaps that form rivers for dyslexic readers) and very
    long lines make reading hard. Advice beyond level AA (WCAG 1.4.8 is AAA): minor."""
    signals = _signals(evidence)
    findings: list[Finding] = []
    tiny = [s for s in signals.small_text if s.value is not None and s.value < params.min_font_px]
    if tiny:
        findings.append(
            ctx.finding(
                Severity.minor,
                f"Text is {min(s.value or 0 for s in tiny):g} px, too small to read comfortably: "
                f"'{short(tiny[0].text, 40)}'.",
                subject="tiny",
                fix=f"Use at least {params.min_font_px:g} px (16 px for body text).",
                selector=_where(tiny),
                references=["WCAG 1.4.4"],
                barrier=False,
            )
        )
    if signals.justified_text:
        findings.append(
            ctx.finding(
                Severity.minor,
                "Text is justified, leaving uneven gaps that are hard to read: "
                f"'{short(signals.justified_text[0].text, 40)}'.",
                subject="justified",
                fix="Align text to the left (start) instead.",
                selector=_where(signals.justified_text),
                references=["WCAG 1.4.8"],
                barrier=False,
            )
        )
    long = [s for s in signals.long_lines if (s.value or 0) > params.max_line_chars]
    if long:
        findings.append(
            ctx.finding(
                Severity.minor,
                f"Lines run to about {max(s.value or 0 for s in long):.0f} characters; long "
                "lines are hard to follow.",
                subject="long-lines",
                fix="Limit text width to about 70 characters (max-width: 70ch).",
                selector=_where(long),
                references=["WCAG 1.4.8"],
                barrier=False,
            )
        )
    return _outcome(findings, each=0.1)


@check(
    "css-content",
    standard=STANDARD,
    title="No words live only in CSS",
    needs=[E.signals],
    params=CheckParams,
    references=["WCAG 1.3.1"],
)
def css_content(evidence: StepEvidence, params: CheckParams, ctx: CheckContext) -> Outcome:
    """Words added with CSS ::before or ::after vanish when customers use their own styles or
    reader modes, and are not part of the page's text (WCAG failure F87). Minor."""
    added = _signals(evidence).pseudo_content
    findings = [
        ctx.finding(
            Severity.minor,
            f"Words are added by CSS {short(s.detail, 50)}: they vanish with the page's styles.",
            subject=s.selector,
            fix="Put meaningful words in the HTML; keep CSS content for decoration.",
            selector=s.selector,
            references=["WCAG 1.3.1"],
            barrier=False,
        )
        for s in added
    ]
    return _outcome(findings, each=0.1)


# --- forms -----------------------------------------------------------------------------------


@check(
    "form-labels",
    standard=STANDARD,
    title="Form fields have lasting labels and grouped choices",
    needs=[E.signals],
    params=CheckParams,
    references=["WCAG 3.3.2", "WCAG 1.3.1", "WCAG 3.2.2"],
)
def form_labels(evidence: StepEvidence, params: CheckParams, ctx: CheckContext) -> Outcome:
    """A placeholder is not a label: it vanishes as the customer types (minor). Radio buttons
    or checkboxes sharing a name outside a fieldset or group lose their question for
    screen-reader users (minor). A select that leaves the page when its choice changes
    surprises keyboard users, who change it with the arrow keys: major (WCAG 3.2.2, level A)."""
    signals = _signals(evidence)
    findings = [
        ctx.finding(
            Severity.minor,
            f"A field's only label is its placeholder '{short(s.text, 30)}', which vanishes "
            "as the customer types.",
            subject=f"placeholder {s.selector}",
            fix="Add a visible <label> for the field.",
            selector=s.selector,
            references=["WCAG 3.3.2"],
            barrier=False,
        )
        for s in signals.placeholder_only
    ]
    findings += [
        ctx.finding(
            Severity.minor,
            f"{s.value or 0:.0f} {s.detail} choices named '{short(s.text, 30)}' are not grouped, "
            "so screen readers do not say what they answer.",
            subject=f"group {s.selector}",
            fix="Wrap them in a <fieldset> with a <legend> asking the question.",
            selector=s.selector,
            references=["WCAG 1.3.1"],
            barrier=False,
        )
        for s in signals.ungrouped_choices
    ]
    findings += [
        ctx.finding(
            Severity.major,
            f"Changing the select '{short(s.text, 30)}' leaves the page, before a keyboard "
            "user can reach the choice they want.",
            subject=f"navigates {s.selector}",
            fix="Add a Go button instead of acting on change.",
            selector=s.selector,
            references=["WCAG 3.2.2"],
        )
        for s in signals.navigating_selects
    ]
    return _outcome(findings, each=0.2)


# --- focus -----------------------------------------------------------------------------------


@check(
    "focus-indicator",
    standard=STANDARD,
    title="Every control shows clearly when it has keyboard focus",
    needs=[E.signals],
    params=CheckParams,
    references=["WCAG 2.4.7", "WCAG 2.4.13"],
    act_rules=["oj04fd"],
)
def focus_indicator(evidence: StepEvidence, params: CheckParams, ctx: CheckContext) -> Outcome:
    """Each focusable element of the page is focused as a keyboard user would and its look
    compared with its look unfocused: a focus outline, shadow, border, background or text
    change must contrast at least 3:1 with what it replaces. No change at all is major (WCAG
    2.4.7, level AA); a change too faint to see is minor (WCAG 2.4.13, AAA). One style rule is
    usually the cause, so each kind is one finding."""
    hidden = _signals(evidence).focus_hidden
    findings: list[Finding] = []
    none = [s for s in hidden if s.detail == "none"]
    faint = [s for s in hidden if s.detail == "faint"]
    if none:
        findings.append(
            ctx.finding(
                Severity.major,
                f"Nothing shows keyboard focus on {len(none)} element(s), e.g. "
                f"'{short(none[0].text or none[0].selector, 40)}'.",
                subject="none",
                fix="Do not remove the focus outline; style :focus-visible clearly instead.",
                selector=_where(none),
                references=["WCAG 2.4.7"],
            )
        )
    if faint:
        findings.append(
            ctx.finding(
                Severity.minor,
                f"Keyboard focus is barely visible on {len(faint)} element(s) (contrast "
                f"{max(s.value or 0 for s in faint):.1f}:1, below 3:1), e.g. "
                f"'{short(faint[0].text or faint[0].selector, 40)}'.",
                subject="faint",
                fix="Make the focus indicator contrast at least 3:1, e.g. a 2 px dark outline.",
                selector=_where(faint),
                references=["WCAG 2.4.13"],
                barrier=False,
                act_rules=[],  # oj04fd asks for any visible change, which it has
            )
        )
    return _outcome(findings, each=0.4)
