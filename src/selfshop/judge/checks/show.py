"""Show: every page looks finished — nothing broken, nothing left over from the workshop."""

from __future__ import annotations

import re

from pydantic import Field

from selfshop.judge.checks._util import excerpt, score_by_severity, short, with_article
from selfshop.judge.checks.registry import (
    CheckContext,
    CheckParams,
    MissingEvidence,
    Outcome,
    check,
)
from selfshop.judge.checks.safety import mask_url
from selfshop.models.evidence import EvidenceKind, RequestRecord, StepEvidence
from selfshop.models.results import Finding, Severity

E = EvidenceKind
STANDARD = "show"

SEEN_TYPES = {"image", "stylesheet", "font", "media"}
NEEDED_TYPES = {"script", "stylesheet"}


def _severities(findings: list[Finding]) -> list[str]:
    return [f.severity.value for f in findings]


def _cancelled(request: RequestRecord) -> bool:
    """The browser gave the request up itself (net::ERR_ABORTED): the page moved on, or a
    responsive image chose another size at a new width. Nothing is missing; an image that
    really stays empty is reported from the page itself (evidence.images). It may be cancelled
    after its answer's headers came (a 200), while the body was still on its way."""
    return (request.status or 0) < 400 and "ERR_ABORTED" in (request.failure or "")


@check(
    "broken-resources",
    standard=STANDARD,
    title="No broken images or failed page parts",
    needs=[E.page, E.network],
    params=CheckParams,
)
def broken_resources(evidence: StepEvidence, params: CheckParams, ctx: CheckContext) -> Outcome:
    """Broken images are what a customer sees first; failed scripts, styles and fonts make
    pages half-work. Every image the page reported broken, and every sub-resource that failed
    or answered 400 or above, is major (scripts, styles, images) or minor (other parts).
    Requests the audit blocked on purpose, the browser's favicon probe and requests the browser
    cancelled itself are left out."""
    blocked = {b.url for b in evidence.blocked}
    findings: dict[str, Finding] = {}
    for image in evidence.images:
        if image.broken:
            findings[image.src] = ctx.finding(
                Severity.major,
                "An image on the page is broken: customers see an empty box or an icon.",
                subject=image.src.split("?")[0],
                fix="Fix the image's address, or remove it.",
                selector=image.selector,
                url=mask_url(image.src),
                excerpt=image.alt,
            )
    for request in evidence.requests:
        failed = request.failure is not None or (request.status or 0) >= 400
        if (
            not failed
            or _cancelled(request)
            or request.url in blocked
            or request.url in findings
            or request.resource_type == "document"
            or request.url.split("?")[0].endswith("/favicon.ico")
            or request.resource_type in ("xhr", "fetch")  # http-errors judges data requests
        ):
            continue
        why = request.failure or f"answered {request.status}"
        major = request.resource_type in NEEDED_TYPES | {"image"}
        findings[request.url] = ctx.finding(
            Severity.major if major else Severity.minor,
            f"{with_article(request.resource_type).capitalize()} the page needs failed to load "
            f"({short(why, 60)}).",
            subject=request.url.split("?")[0],
            fix="Fix or remove the broken reference.",
            url=mask_url(request.url),
        )
    found = list(findings.values())
    return Outcome(score_by_severity(_severities(found)), found)


IGNORED_CONSOLE = re.compile(r"Failed to load resource|favicon\.ico", re.IGNORECASE)
# What each kind of console entry tells the customer, and how much it matters.
CONSOLE_FINDINGS = {
    "pageerror": (Severity.major, "A script on the page crashed"),
    "crash": (Severity.major, "The page crashed the browser"),
    "dialog": (Severity.minor, "The page popped up a dialog box"),
    "popup": (Severity.minor, "The page opened a new window"),
    "download": (Severity.minor, "The page started a download"),
    "error": (Severity.minor, "The page logged an error"),
}


@check(
    "console-errors",
    standard=STANDARD,
    title="No script errors while the customer used the page",
    needs=[E.console],
    params=CheckParams,
)
def console_errors(evidence: StepEvidence, params: CheckParams, ctx: CheckContext) -> Outcome:
    """Uncaught script errors usually mean something on the page silently stopped working: each
    one is major, and so is a page that crashed the browser. Errors logged to the console are
    minor, and so are unexpected dialogs, pop-up windows and downloads. 'Failed to load resource'
    messages are left to broken-resources."""
    findings: dict[str, Finding] = {}
    for entry in evidence.console:
        level = entry.level.lower()
        if level not in CONSOLE_FINDINGS or IGNORED_CONSOLE.search(entry.text):
            continue
        subject = f"{level} {entry.text.splitlines()[0] if entry.text else ''}"[:80]
        if subject in findings:
            continue
        severity, message = CONSOLE_FINDINGS[level]
        findings[subject] = ctx.finding(
            severity,
            f"{message}: \u201c{short(entry.text, 80)}\u201d.",
            subject=subject,
            fix="Fix the script error (see the developer console).",
            excerpt=short(entry.text, 300),
            url=entry.location,
        )
    found = list(findings.values())
    return Outcome(score_by_severity(_severities(found)), found)


class PlaceholderParams(CheckParams):
    allow: list[str] = Field(default_factory=list, description="Words to accept (e.g. 'null')")


MAJOR = Severity.major
# pattern: (what it is, regex flags, severity)
PLACEHOLDERS: dict[str, tuple[str, int, Severity]] = {
    r"lorem ipsum|dolor sit amet": ("placeholder Latin", re.IGNORECASE, MAJOR),
    r"\b(?:TODO|FIXME|XXX|TBD)\b": ("a note left by a developer", 0, MAJOR),
    r"\bundefined\b": ("'undefined'", 0, MAJOR),
    r"\bNaN\b": ("'NaN' (not a number)", 0, MAJOR),
    r"\[object Object\]": ("'[object Object]'", 0, MAJOR),
    r"(?<![\w'’-])null(?![\w'’-])": ("'null'", 0, MAJOR),
    r"\{\{\s*[\w.]+\s*\}\}|\$\{[\w.]+\}": ("an unfilled template slot", 0, MAJOR),
    "\ufffd": ("characters the browser could not decode (a broken text encoding)", 0, MAJOR),
    # A page a developer meant to write later: framework scaffolds and default server pages.
    r"\b(?:this|the) (?:page|section|view|template) (?:still )?needs? (?:to be )?implement"
    r"(?:ing|ed)\b|\bnot (?:yet )?implemented\b|\bimplement me\b|\bunder construction\b|"
    r"\b(?:insert|put|add) (?:your )?(?:content|text) here\b|\bwelcome to nginx\b|"
    r"\bthe install worked successfully\b|\bapache2 (?:ubuntu|debian) default page\b": (
        "a developer's placeholder page",
        re.IGNORECASE,
        Severity.blocker,  # the page the customer came for is not there
    ),
}


@check(
    "placeholder-text",
    standard=STANDARD,
    title="No placeholder or debug text on the page",
    needs=[E.page],
    params=PlaceholderParams,
)
def placeholder_text(
    evidence: StepEvidence, params: PlaceholderParams, ctx: CheckContext
) -> Outcome:
    """Text a customer should never see: "lorem ipsum", "TODO", "undefined", "NaN", "[object
    Object]", "null" as a word on its own, an unfilled {{template}} slot, characters the
    browser could not decode (“�”, text sent in another encoding than the page claims), or a
    developer's placeholder page ("This page needs implementing…", "Not implemented", "Under
    construction", a web server's default page). Each is major: it tells customers the page is
    broken or unfinished; a developer's placeholder page is a blocker, since the page the
    customer came for is not there. The page title is read too."""
    text = f"{evidence.title or ''}\n{evidence.text}"
    allowed = {a.lower() for a in params.allow}
    findings = []
    for pattern, (what, flags, severity) in PLACEHOLDERS.items():
        match = re.search(pattern, text, flags)
        if match is None or match.group().lower() in allowed:
            continue
        findings.append(
            ctx.finding(
                severity,
                f"The page shows {what}: \u201c{short(_around(text, match), 90)}\u201d.",
                subject=match.group().lower(),
                fix="Replace it with the real content, or fix the code that failed to fill it in.",
                excerpt=excerpt(text, match.start(), match.end()),
            )
        )
    return Outcome(score_by_severity(_severities(findings)), findings)


class PageTitleParams(CheckParams):
    generic: list[str] = Field(
        default_factory=lambda: [
            "untitled",
            "document",
            "index",
            "home page",
            "react app",
            "localhost",
            "page",
            "new page",
        ],
        description="Titles that say nothing about the page",
    )


@check(
    "page-title",
    standard=STANDARD,
    title="The page has a title that says where the customer is",
    needs=[E.page],
    params=PageTitleParams,
    references=["WCAG 2.4.2"],
    act_rules=["2779a5", "c4a8a4"],
)
def page_title(evidence: StepEvidence, params: PageTitleParams, ctx: CheckContext) -> Outcome:
    """The title is what a tab, a bookmark and a screen reader announce first. A missing title
    is major; one that says nothing ("Untitled", "Document", a bare address) is minor."""
    if evidence.url is None:
        return Outcome.not_applicable("the step has no web page")
    title = " ".join((evidence.title or "").split())
    if not title:
        return Outcome(
            0.0,
            [
                ctx.finding(
                    Severity.major,
                    "The page has no title, so its tab and screen readers announce nothing useful.",
                    subject="missing",
                    fix="Give every page a <title> naming the page and the organisation.",
                    references=["WCAG 2.4.2"],
                    act_rules=["2779a5"],
                )
            ],
        )
    generic = title.lower() in params.generic or title.lower().startswith(("http:", "https:"))
    if generic or re.fullmatch(r"[\w-]+\.html?", title.lower()):
        return Outcome(
            0.5,
            [
                ctx.finding(
                    Severity.minor,
                    f"The page title \u201c{short(title, 60)}\u201d does not say what the page is.",
                    subject="generic",
                    fix="Name the page and the organisation, e.g. 'Basket – Acme'.",
                    excerpt=title,
                    references=["WCAG 2.4.2"],
                    act_rules=["c4a8a4"],
                )
            ],
        )
    return Outcome(1.0)


@check(
    "http-errors",
    standard=STANDARD,
    title="The page and its data load without server errors",
    needs=[E.page, E.network],
    params=CheckParams,
)
def http_errors(evidence: StepEvidence, params: CheckParams, ctx: CheckContext) -> Outcome:
    """The page the customer lands on must not be an error page (HTTP 400 or above: major), and
    the data requests behind it (fetch and XHR) must not fail with 500 or above (major) or
    400-499 (minor)."""
    findings: list[Finding] = []
    status = evidence.status_code
    if status is not None and status >= 400:
        findings.append(
            ctx.finding(
                Severity.major,
                f"The customer landed on an error page (HTTP {status}).",
                subject=f"page {status}",
                fix="Fix the page or the link that leads to it.",
                url=mask_url(evidence.url or ""),
            )
        )
    for request in evidence.requests:
        code = request.status or 0
        if request.resource_type not in ("xhr", "fetch") or code < 400:
            continue
        findings.append(
            ctx.finding(
                Severity.major if code >= 500 else Severity.minor,
                f"A request for data behind the page failed (HTTP {code}).",
                subject=f"data {code} {request.url.split('?')[0]}",
                fix="Fix the server behind this request, and show the customer a helpful message.",
                url=mask_url(request.url),
            )
        )
    if status is None and not evidence.requests:
        return Outcome.not_applicable("no responses were recorded")
    return Outcome(score_by_severity(_severities(findings)), findings)


class LayoutOverflowParams(CheckParams):
    tolerance_px: int = Field(2, ge=0, description="Extra width allowed before it counts")


@check(
    "layout-overflow",
    standard=STANDARD,
    title="Nothing spills off the side of the screen",
    needs=[E.reflow],
    params=LayoutOverflowParams,
)
def layout_overflow(
    evidence: StepEvidence, params: LayoutOverflowParams, ctx: CheckContext
) -> Outcome:
    """At the device's own screen width (desktop or phone) the page must not be wider than the
    screen: content cut off at the side or a sideways scroll bar looks broken. Major. (The
    320 px reflow test for zoom users is the inclusion check 'reflow'.)"""
    layout = evidence.layout
    if layout is None:
        raise MissingEvidence("the page's width at the device's own screen size was not recorded")
    extra = layout.scroll_width - layout.viewport_width
    if not layout.overflows and extra <= params.tolerance_px:
        return Outcome(1.0)
    return Outcome(
        0.0,
        [
            ctx.finding(
                Severity.major,
                f"The page is {layout.scroll_width} px wide on a {layout.viewport_width} px "
                "screen: "
                "part of it spills off the side.",
                subject=evidence.device,
                fix="Find the element wider than the screen (fixed widths, long words, wide "
                "tables) and "
                "let it shrink or wrap.",
            )
        ],
    )


def _around(text: str, match: re.Match[str]) -> str:
    return excerpt(text, match.start(), match.end(), 30)


class DoubledWordsParams(CheckParams):
    allow: list[str] = Field(
        default_factory=lambda: ["that", "had", "is", "very", "so", "no", "bye", "ha", "la"],
        description="Words that may rightly stand twice in a row ('that that', 'had had')",
    )


# A word, spaces or tabs (not a line break: a heading and its text may start alike), itself.
DOUBLED = re.compile(r"(?<![\w'’-])([^\W\d_]{2,})[ \t]+\1(?![\w'’-])", re.IGNORECASE)


@check(
    "doubled-words",
    standard=STANDARD,
    title="No word typed twice in a row",
    needs=[E.page],
    params=DoubledWordsParams,
)
def doubled_words(evidence: StepEvidence, params: DoubledWordsParams, ctx: CheckContext) -> Outcome:
    """ "Add to to basket": a word twice in a row is the typo customers notice first, and it
    makes the page look unchecked. Minor for each doubled word. Words that rightly stand twice
    ('that that', 'had had') are allowed (the `allow` parameter)."""
    text = f"{evidence.title or ''}\n{evidence.text}"
    allowed = {a.lower() for a in params.allow}
    findings: dict[str, Finding] = {}
    for match in DOUBLED.finditer(text):
        word = match.group(1).lower()
        if word in allowed or word in findings:
            continue
        findings[word] = ctx.finding(
            Severity.minor,
            f"A word is typed twice: \u201c{short(_around(text, match), 90)}\u201d.",
            subject=word,
            fix="Remove the repeated word.",
            excerpt=excerpt(text, match.start(), match.end()),
        )
    found = list(findings.values())
    return Outcome(score_by_severity(_severities(found)), found)
