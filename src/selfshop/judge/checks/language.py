"""Inclusion: is the page's text in the language its lang attributes say (WCAG 3.1.1, 3.1.2)?

Screen readers pick their voice from lang: English read with a Danish voice is gibberish. The
text shown under each lang (gather/page_signals.py) is identified with langdetect, a port of
Google's language-detection library (its tables built only as far as the text needs: _langid),
and judged only when it is long enough and the library sure enough: a few words ("Paul put
dire comment on tape" is English and French) prove nothing.
"""

from __future__ import annotations

import functools
import os
import re

from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import LangDetectException
from pydantic import Field

from selfshop.judge.checks._langid import detect_langs
from selfshop.judge.checks._util import short
from selfshop.judge.checks.registry import CheckContext, CheckParams, Outcome, check
from selfshop.models.evidence import EvidenceKind, PageSignal, StepEvidence
from selfshop.models.results import Finding, Severity

STANDARD = "inclusion"
WORD = re.compile(r"[^\W\d_]+")
# Tags that name the same language as langdetect's code for it.
SAME_LANGUAGE = {"nb": "no", "nn": "no", "iw": "he", "in": "id"}
# Languages so close that telling them apart from text alone is not sure enough to judge.
CLOSE_LANGUAGES = (frozenset({"da", "no"}), frozenset({"hr", "sl", "sr", "bs"}))


class TextLanguageParams(CheckParams):
    min_words: int = Field(8, ge=1, description="Words of text needed before it is judged")
    certainty: float = Field(
        0.95, gt=0, le=1, description="How sure the detector must be of another language"
    )


@functools.cache
def known_languages() -> frozenset[str]:
    """The primary language subtags langdetect can recognise (a profile file each)."""
    return frozenset(primary(name) for name in os.listdir(PROFILES_DIRECTORY))


def primary(tag: str) -> str:
    """A language tag's primary subtag, as langdetect names it ('en-GB' → 'en')."""
    subtag = tag.strip().lower().split("-")[0]
    return SAME_LANGUAGE.get(subtag, subtag)


def language_of(text: str, params: TextLanguageParams) -> str | None:
    """The language `text` is surely written in (its primary subtag), or None when too short
    or not sure."""
    if len(WORD.findall(text)) < params.min_words:
        return None
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return None
    return primary(best.lang) if best.prob >= params.certainty else None


@check(
    "text-language",
    standard=STANDARD,
    title="The text is in the language the page says",
    needs=[EvidenceKind.signals],
    params=TextLanguageParams,
    references=["WCAG 3.1.1", "WCAG 3.1.2"],
    act_rules=["ucwvc8", "off6ek"],
    # No `prepare`: the profiles take ~25 MB, better loaded once the browser has closed.
)
def text_language(evidence: StepEvidence, params: TextLanguageParams, ctx: CheckContext) -> Outcome:
    """The text shown under the page's lang (on <html>) and under each element with a lang of
    its own is identified with langdetect, when it has at least `min_words` words and the
    detector is at least `certainty` sure; a lang langdetect does not know is not judged. A
    page whose text is in another language than it declares is major (WCAG 3.1.1, level A):
    screen readers read all of it with the wrong voice; a part of it is minor (WCAG 3.1.2, AA)."""
    signals = evidence.signals
    texts = signals.language_texts if signals else []
    judged = [t for t in texts if primary(t.detail) in known_languages()]
    if not judged:
        return Outcome.not_applicable("no text long enough in a language that can be told")
    findings = []
    for item in judged:
        spoken, declared = language_of(item.text, params), primary(item.detail)
        if spoken is not None and spoken != declared and not _close(spoken, declared):
            findings.append(_mismatch(item, spoken, ctx))
    if not findings:
        return Outcome(1.0)
    page_wrong = any(f.severity is Severity.major for f in findings)
    return Outcome(0.0 if page_wrong else 0.75, findings)


def _close(one: str, other: str) -> bool:
    return any(one in group and other in group for group in CLOSE_LANGUAGES)


def _mismatch(item: PageSignal, spoken: str, ctx: CheckContext) -> Finding:
    whole_page = item.value == 1
    where = "The page says" if whole_page else "A part of the page says"
    return ctx.finding(
        Severity.major if whole_page else Severity.minor,
        f"{where} it is in '{short(item.detail, 12)}', but its text reads as '{spoken}' "
        f"(\u201c{short(item.text, 50)}\u201d), so screen readers read it with the wrong voice.",
        subject=f"{item.selector} {spoken}",
        fix=f"Set lang to the language the text is written in (here probably '{spoken}').",
        selector=item.selector,
        excerpt=short(item.text, 200),
        references=["WCAG 3.1.1" if whole_page else "WCAG 3.1.2"],
        act_rules=["ucwvc8" if whole_page else "off6ek"],
    )
