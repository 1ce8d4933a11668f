"""Courtesy: every word a customer reads is kind, clear and in the organisation's voice."""

from __future__ import annotations

import importlib.util
import re
import sys
import types
from functools import cache
from typing import Any

from pydantic import Field

from selfshop.judge.checks._util import (
    clamp,
    excerpt,
    normalise_quotes,
    phrase_pattern,
    score_by_severity,
    short,
)
from selfshop.judge.checks.registry import CheckContext, CheckParams, Outcome, check
from selfshop.models.evidence import EvidenceKind, StepEvidence
from selfshop.models.results import Finding, Severity

E = EvidenceKind
STANDARD = "courtesy"

# Phrases that blame the customer or sound like a machine talking to itself.
BLAMING = {
    # 'invalid' blames when it judges what the customer gave ("Invalid email", "is invalid"),
    # not in an ordinary heading ("Invalid carriage insurance").
    r"\binvalid (?:input|entry|value|email|e-mail|password|card|number|format|date|data|"
    r"selection|code|address|username|user ?name|credentials|phone|postcode|zip|name)\b|"
    r"\b(?:is|was|are|were|looks|seems) (?:not valid|invalid)\b": (
        "calls what the customer typed 'invalid'"
    ),
    r"\billegal\b": "calls what the customer did 'illegal'",
    r"\byou (?:have )?failed\b": "tells the customer they failed",
    r"\byou must\b": "orders the customer about",
    r"\bwrong (?:input|value|format)\b": "tells the customer their input is wrong",
    r"\bnot allowed\b": "sounds like a rule, not help",
    r"\b(?:operation|request|transaction) (?:failed|aborted|rejected)\b": "sounds robotic",
    r"\b(?:fatal|unexpected) error\b": "sounds like a crash",
    r"\berror:?\s*(?:code\s*)?\d{3,}\b": "shows an error code instead of help",
    r"(?:^|\n)\s*error\s*:": "opens with a bare 'Error:'",
}
# Text that means the site's plumbing is showing.
TECHNICAL = {
    r"Traceback \(most recent call last\)": "shows a Python stack trace",
    r"\b\w+(?:Error|Exception):\s": "shows a raw exception",
    r"\bat [\w$.<>]+ \([^)]*:\d+:\d+\)": "shows a JavaScript stack trace",
    r"\bat [\w$.]+\([\w]+\.java:\d+\)": "shows a Java stack trace",
    r"\b(?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout)\b": (
        "shows a raw server error"
    ),
    r"\b(?:SQLSTATE|syntax error at or near|ORA-\d{5})": "shows a database error",
    r"\bnull ?pointer\b|\bsegmentation fault\b": "shows a crash message",
}
ACRONYM = re.compile(r"\b[A-Z]{2,5}\b")


class CopyToneParams(CheckParams):
    shouting_words: int = Field(
        3, ge=2, description="This many capitalised words in a row count as shouting"
    )
    allow: list[str] = Field(
        default_factory=list, description="Phrases to accept anyway (e.g. a brand in capitals)"
    )
    extra: list[str] = Field(
        default_factory=list, description="More phrases (regular expressions) to flag as blaming"
    )


@check(
    "copy-tone",
    standard=STANDARD,
    title="The copy is kind and human, never blaming or robotic",
    needs=[E.page],
    params=CopyToneParams,
    references=["GOV.UK style guide: error messages", "WCAG 3.3.3"],
)
def copy_tone(evidence: StepEvidence, params: CopyToneParams, ctx: CheckContext) -> Outcome:
    """Reads the text the customer sees for blaming or robotic phrasing ("invalid", "illegal",
    "you failed", "error 500"), raw exception text and stack traces, and SHOUTING in capitals.
    Blaming and shouting are minor; technical text leaking to customers is major. Each finding
    quotes the sentence it found."""
    text = normalise_quotes(evidence.text or "")
    if not text.strip():
        return Outcome.not_applicable("the page shows no text")
    allowed = [phrase_pattern(a) for a in params.allow]
    findings: list[Finding] = []
    blaming = {**BLAMING, **{p: "sounds blaming" for p in params.extra}}
    findings += _flag(text, blaming, Severity.minor, allowed, ctx, re.IGNORECASE)
    findings += _flag(text, TECHNICAL, Severity.major, allowed, ctx, 0)
    findings += _shouting(text, params.shouting_words, allowed, ctx)
    return Outcome(score_by_severity([f.severity.value for f in findings]), findings)


def _flag(
    text: str,
    patterns: dict[str, str],
    severity: Severity,
    allowed: list[re.Pattern[str]],
    ctx: CheckContext,
    flags: int,
) -> list[Finding]:
    findings = []
    for pattern, why in patterns.items():
        match = re.search(pattern, text, flags)
        if match is None or _allowed(match.group(), allowed):
            continue
        fix = (
            "Hide technical details; say what happened and what the customer can do next."
            if severity is Severity.major
            else "Say what went wrong and how to put it right, without blame."
        )
        findings.append(
            ctx.finding(
                severity,
                f"The page {why}: \u201c{short(match.group(), 60)}\u201d.",
                subject=match.group().lower()[:40],
                fix=fix,
                excerpt=excerpt(text, match.start(), match.end()),
            )
        )
    return findings


def _shouting(
    text: str, run: int, allowed: list[re.Pattern[str]], ctx: CheckContext
) -> list[Finding]:
    words = r"[A-Z][A-Z'’!]+"
    pattern = re.compile(rf"\b{words}(?:[ \t]+{words}){{{run - 1},}}\b")
    for match in pattern.finditer(text):
        shouted = match.group()
        # Short acronym runs ("VAT UK") are not shouting; real words in capitals are.
        if all(ACRONYM.fullmatch(w) for w in shouted.split()) and len(shouted) < 12:
            continue
        if _allowed(shouted, allowed):
            continue
        return [
            ctx.finding(
                Severity.minor,
                f"The page shouts in capitals: \u201c{short(shouted, 60)}\u201d.",
                subject="shouting",
                fix="Write in sentence case; use weight or colour for emphasis.",
                excerpt=excerpt(text, match.start(), match.end()),
            )
        ]
    return []


def _allowed(found: str, allowed: list[re.Pattern[str]]) -> bool:
    return any(a.search(found) for a in allowed)


class ReadabilityParams(CheckParams):
    max_grade: float = Field(9, description="Highest Flesch-Kincaid grade for English text")
    min_reading_ease: float = Field(
        50, description="Lowest Flesch reading ease for other languages textstat supports"
    )
    min_words: int = Field(30, ge=1, description="Below this many words of prose, not scored")
    max_chars: int = Field(20000, ge=1000, description="Read at most this much of the text")


# Languages whose Flesch formula textstat adapts; others are not scored.
TEXTSTAT_LANGUAGES = {"en", "de", "es", "fr", "it", "nl", "pl", "ru", "hu"}


@check(
    "readability",
    standard=STANDARD,
    title="The step's text is easy to read",
    needs=[E.page],
    params=ReadabilityParams,
    references=["WCAG 3.1.5", "textstat"],
    prepare=lambda: _prepare_readability(),
)
def readability(evidence: StepEvidence, params: ReadabilityParams, ctx: CheckContext) -> Outcome:
    """Scores the prose on the page (lines of four words or more; menus and prices are left
    out) with textstat. English uses the Flesch-Kincaid grade against `max_grade`; German,
    Spanish, French, Italian, Dutch, Polish, Russian and Hungarian use that language's Flesch
    reading ease against `min_reading_ease`; other languages are not applicable. The page's
    declared language (lang) decides; a page without one is read as English."""
    language = (evidence.lang or "en").replace("_", "-").split("-")[0].lower()
    if language not in TEXTSTAT_LANGUAGES:
        return Outcome.not_applicable(f"textstat has no readability formula for '{language}'")
    prose = _prose(evidence.text[: params.max_chars])
    if len(prose.split()) < params.min_words:
        return Outcome.not_applicable("too little prose on the page to measure")
    stats = _textstat(language)
    if language == "en":
        grade = float(stats.flesch_kincaid_grade(prose))
        over = grade - params.max_grade
        score = clamp(1 - over / 6) if over > 0 else 1.0
        measured = f"reading grade {grade:.0f} (aim for {params.max_grade:g} or lower)"
    else:
        ease = float(stats.flesch_reading_ease(prose))
        under = params.min_reading_ease - ease
        score = clamp(1 - under / 30) if under > 0 else 1.0
        measured = f"reading ease {ease:.0f} (aim for {params.min_reading_ease:g} or higher)"
    if score >= 1:
        return Outcome(1.0)
    finding = ctx.finding(
        Severity.minor if score >= 0.5 else Severity.major,
        f"The text is hard to read: {measured}.",
        subject="grade",
        fix="Use shorter sentences and everyday words.",
        excerpt=short(_longest_sentence(prose), 160),
        references=["WCAG 3.1.5"],
    )
    return Outcome(score, [finding])


def _prose(text: str) -> str:
    """Lines that read as sentences, each ending in a full stop so textstat counts sentences."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    sentences = [
        line if line[-1] in ".!?:" else line + "." for line in lines if len(line.split()) >= 4
    ]
    return "\n".join(sentences)


def _longest_sentence(prose: str) -> str:
    return max(re.split(r"(?<=[.!?])\s+", prose), key=len, default="")


@cache
def _textstat(language: str) -> Any:
    """A textstat instance for one language.

    English is read as 'en-GB' on purpose: textstat's 'en' path downloads the CMU dictionary
    from the internet on first use; 'en-GB' counts syllables with pyphen's bundled English
    hyphenation dictionary instead, offline.
    """
    _load_when_used("nltk")
    from textstat.textstat import textstatistics

    stats = textstatistics()
    stats.set_lang("en-GB" if language == "en" else language)
    return stats


def _prepare_readability() -> None:
    """Load English syllable counting (pyphen's dictionary): pages without a lang are English."""
    _textstat("en").syllable_count("ready")


def _load_when_used(name: str) -> None:
    """Stand in for a module until one of its attributes is first read, then import it.

    textstat imports nltk (a third of a second) for the CMU dictionary that only its 'en' path
    reads; the 'en-GB' path used here never does, so nltk would be loaded for nothing.
    (importlib's LazyLoader would not do: `import` itself reads __spec__, which loads it.)"""
    if name not in sys.modules and importlib.util.find_spec(name) is not None:
        sys.modules[name] = _Deferred(name)


class _Deferred(types.ModuleType):
    def __getattr__(self, attribute: str) -> Any:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), attribute)


class PhrasesParams(CheckParams):
    phrases: list[str] = Field(default_factory=list, description="Phrases to look for")


@check(
    "required-phrases",
    standard=STANDARD,
    title="Phrases the organisation expects are there",
    needs=[E.page],
    params=PhrasesParams,
)
def required_phrases(evidence: StepEvidence, params: PhrasesParams, ctx: CheckContext) -> Outcome:
    """Phrases the organisation expects a customer to read at a step — a thank-you on the
    confirmation page, say. They come from the step's `phrases` parameter and from the voice
    rules in standards.yaml (`voice.required`), keyed by step name (that step) or journey id
    (checked on the journey's last step). Matching ignores case, spacing and curly quotes.
    Each missing phrase is major."""
    wanted = list(params.phrases)
    required = ctx.standards.voice.required
    if ctx.step is not None:
        wanted += required.get(ctx.step.name, [])
    if ctx.journey is not None and ctx.is_last_step:
        wanted += required.get(ctx.journey.id, [])
    wanted = list(dict.fromkeys(wanted))
    if not wanted:
        return Outcome.not_applicable("no phrases are required on this step")
    text = normalise_quotes(f"{evidence.title or ''}\n{evidence.text}")
    missing = [p for p in wanted if not phrase_pattern(p).search(text)]
    findings = [
        ctx.finding(
            Severity.major,
            f"The customer never reads \u201c{short(p, 60)}\u201d here, as the organisation "
            "expects.",
            subject=p,
            fix=f"Add \u201c{short(p, 60)}\u201d to this step's copy.",
        )
        for p in missing
    ]
    return Outcome(1 - len(missing) / len(wanted), findings)


@check(
    "forbidden-phrases",
    standard=STANDARD,
    title="The copy avoids phrases the organisation's voice forbids",
    needs=[E.page],
    params=PhrasesParams,
)
def forbidden_phrases(evidence: StepEvidence, params: PhrasesParams, ctx: CheckContext) -> Outcome:
    """Phrases the organisation never wants customers to read, from `voice.forbidden` in
    standards.yaml plus this check's `phrases` parameter (say, per step in a journey). Whole
    words, ignoring case, spacing and curly quotes. Each phrase found is major."""
    banned = list(dict.fromkeys([*ctx.standards.voice.forbidden, *params.phrases]))
    if not banned:
        return Outcome.not_applicable("the voice rules forbid no phrases")
    text = normalise_quotes(f"{evidence.title or ''}\n{evidence.text}")
    findings = []
    for phrase in banned:
        match = phrase_pattern(phrase).search(text)
        if match is None:
            continue
        findings.append(
            ctx.finding(
                Severity.major,
                f"The page says \u201c{short(match.group(), 60)}\u201d, which the organisation's "
                "voice rules forbid.",
                subject=phrase,
                fix="Reword it in the organisation's voice.",
                excerpt=excerpt(text, match.start(), match.end()),
            )
        )
    return Outcome(score_by_severity([f.severity.value for f in findings]), findings)
