"""A realistic sample run with small image artefacts: for tests, benchmarks and report previews.

The evidence and check results are made up; everything after them is selfshop's own scoring
(score_journey, rank_findings), so the reports are tested on the shapes real runs have,
without a browser or a website.
"""

from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from selfshop.judge.scoring import rank_findings, score_journey
from selfshop.models.evidence import (
    ActionRecord,
    ConsoleEntry,
    GuidedRating,
    StepEvidence,
    StepStatus,
    Timings,
)
from selfshop.models.results import (
    CheckResult,
    CheckStatus,
    Finding,
    FindingEvidence,
    JourneyResult,
    Run,
    Severity,
    StepResult,
)
from selfshop.models.standards import Standards
from selfshop.store.atomic import write_bytes, write_text

HOSTILE_TEXT = "<img src=x onerror=alert(1)>"
_STEP_NAMES = (
    "Find a gift",
    "Choose a size",
    "Add to basket",
    "Pay as a guest",
    "See the thank-you",
)

STANDARDS = Standards.model_validate(
    {
        "organisation": "Acme Outfitters",
        "standards": [
            {"id": "safety", "title": "Safety", "weight": 3},
            {"id": "courtesy", "title": "Courtesy", "weight": 2},
            {"id": "inclusion", "title": "Inclusion", "weight": 3},
            {"id": "show", "title": "Show", "weight": 1},
            {"id": "efficiency", "title": "Efficiency", "weight": 2},
        ],
        "verdict": {"proud": 85, "redesign": 60},
    }
)
# One check per standard scores the step around the journey's target (made up, like the
# evidence); the findings' own checks score a little lower.
STANDARD_CHECKS = {
    "safety": "cookie-flags",
    "courtesy": "copy-tone",
    "inclusion": "accessibility",
    "show": "page-title",
    "efficiency": "felt-time",
}


@dataclass(frozen=True)
class _FindingTemplate:
    check_id: str
    standard: str
    severity: Severity
    message: str
    fix: str
    excerpt: str
    selector: str


FINDINGS = (
    _FindingTemplate(
        "image-alt",
        "inclusion",
        Severity.major,
        "A product photo has no text alternative, so screen reader users miss it.",
        "Give every meaningful image an alt text that says what it shows.",
        '<img src="/img/scarf.jpg">',
        "main img.product",
    ),
    _FindingTemplate(
        "slow-step",
        "efficiency",
        Severity.minor,
        "This step took 4.8 s to feel ready; the standard allows 2.5 s.",
        "Defer the carousel script and compress the hero image.",
        "hero.jpg 1.9 MB",
        "img.hero",
    ),
    _FindingTemplate(
        "console-errors",
        "show",
        Severity.minor,
        "The page logged a script error while the customer was on it.",
        "Fix the error in the basket widget.",
        "TypeError: basket is undefined",
        "script#basket",
    ),
    _FindingTemplate(
        "contrast",
        "inclusion",
        Severity.major,
        "Grey-on-white price text is hard to read (contrast 2.9:1).",
        "Use text with a contrast of at least 4.5:1.",
        "£29.99",
        ".price small",
    ),
    _FindingTemplate(
        "copy-tone",
        "courtesy",
        Severity.minor,
        'The error message blames the customer ("invalid input").',
        "Say what happened and how to put it right, in the customer's words.",
        "Invalid input",
        "form .error",
    ),
    _FindingTemplate(
        "https",
        "safety",
        Severity.blocker,
        "The payment form posts to a page without HTTPS.",
        "Serve every page over HTTPS and redirect plain HTTP.",
        "http://pay.example.test/submit",
        "form#pay",
    ),
)


def tiny_png(width: int, height: int, seed: int = 0) -> bytes:
    """A small PNG that looks like a page: a header bar, text-like rows and a button."""
    rng = random.Random(seed)
    header = bytes([0]) + bytes((rng.randrange(120, 230), rng.randrange(120, 230), 200)) * width
    blank = bytes([0]) + b"\xfa\xfa\xf8" * width
    third = width // 3
    button = (
        bytes([0])
        + b"\xfa\xfa\xf8" * third
        + b"\x14\x5a\xa0" * third
        + b"\xfa\xfa\xf8" * (width - 2 * third)
    )
    text_rows = []
    for _ in range(6):  # a few distinct lines of "text", reused: fast, and still page-like
        row = bytearray([0])
        for x in range(width):
            shade = rng.randrange(30, 90) if x % 11 < 9 and rng.random() < 0.6 else 250
            row.extend((shade, shade, shade))
        text_rows.append(bytes(row))
    rows = []
    for y in range(height):
        if y < height // 6:
            rows.append(header)
        elif height * 3 // 4 < y < height * 5 // 6:
            rows.append(button)
        elif (y // 3) % 4 == 1:
            rows.append(rng.choice(text_rows))
        else:
            rows.append(blank)
    raw = b"".join(rows)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw, 6))
        + chunk(b"IEND", b"")
    )


def _finding(template: _FindingTemplate, where: str, hostile: bool) -> Finding:
    excerpt = HOSTILE_TEXT if hostile else template.excerpt
    return Finding(
        check_id=template.check_id,
        standard=template.standard,
        severity=template.severity,
        message=template.message,
        fix=template.fix,
        evidence=FindingEvidence(selector=template.selector, excerpt=excerpt, url=where),
        references=["WCAG 1.1.1"] if template.check_id == "image-alt" else [],
        key=f"{template.check_id}:{template.selector}",
    )


@dataclass
class _Builder:
    run_dir: Path
    rng: random.Random
    hostile: bool

    def artefact(self, relative: str, width: int, height: int, seed: int) -> str:
        write_bytes(self.run_dir / relative, tiny_png(width, height, seed))
        return relative

    def step(
        self,
        journey_id: str,
        device: str,
        index: int,
        target: float,
        findings_per_step: int,
        status: StepStatus,
    ) -> StepResult:
        rng = self.rng
        title = HOSTILE_TEXT if self.hostile else f"Acme Outfitters – step {index + 1}"
        folder = f"artefacts/{journey_id}@{device}"
        seed = rng.randrange(1_000_000)
        reached = status is not StepStatus.not_reached
        failed = status is StepStatus.failed
        evidence = StepEvidence(
            journey_id=journey_id,
            step_index=index,
            step_name=(HOSTILE_TEXT + " " if self.hostile else "") + _STEP_NAMES[index % 5],
            intent="I want a present under 30 pounds" if index % 2 == 0 else None,
            device=device,
            status=status,
            error="Could not find button 'Pay now' within 5 s" if failed else None,
            url=f"http://127.0.0.1:8000/shop/{index}"
            + (f"?q={HOSTILE_TEXT}" if self.hostile else ""),
            title=title if reached else None,
            status_code=200 if reached else None,
            text="Gifts under £30. Free returns." if reached else "",
            actions=[
                ActionRecord(kind="click", description="click link 'Gifts'", duration_ms=120.0),
                ActionRecord(
                    kind="fill",
                    description="fill label 'Card number' with ••••••",
                    duration_ms=80.0,
                    ok=status is not StepStatus.failed,
                    error="timed out" if status is StepStatus.failed else None,
                ),
            ]
            if reached
            else [],
            screenshot=self.artefact(f"{folder}/step-{index}.png", 640, 480, seed)
            if reached
            else None,
            thumbnail=self.artefact(f"{folder}/step-{index}-thumb.png", 320, 240, seed)
            if reached
            else None,
            timings=Timings(
                ttfb_ms=90.0 + rng.random() * 200,
                load_ms=600 + rng.random() * 2000,
                felt_ms=800 + rng.random() * 4000,
            )
            if reached
            else Timings(),
            console=[
                ConsoleEntry(
                    level="error",
                    text=HOSTILE_TEXT if self.hostile else "TypeError: basket is undefined",
                )
            ]
            if index == 1
            else [],
        )
        checks: list[CheckResult] = []
        for standard in STANDARDS.standards:
            check_id = STANDARD_CHECKS[standard.id]
            if standard.id == "show" and index == 0:
                checks.append(
                    CheckResult(
                        check_id=check_id,
                        standard=standard.id,
                        status=CheckStatus.not_applicable,
                        reason="nothing to judge on the first page",
                    )
                )
                continue
            value = max(0.0, min(100.0, target + rng.uniform(-8, 8)))
            checks.append(
                CheckResult(check_id=check_id, standard=standard.id, score=round(value / 100, 3))
            )
        for number in range(findings_per_step if reached else 0):
            template = FINDINGS[(index + number) % (len(FINDINGS) - 1)]
            finding = _finding(template, evidence.url or "", self.hostile)
            if template.check_id == "image-alt":
                finding.evidence.crop = evidence.thumbnail  # stands in for an element crop
            checks.append(
                CheckResult(
                    check_id=template.check_id,
                    standard=template.standard,
                    score=round(max(0.0, target - 10) / 100, 3),
                    findings=[finding],
                )
            )
        if status is StepStatus.failed:
            checks.append(
                CheckResult(
                    check_id="https",
                    standard="safety",
                    score=0.0,
                    findings=[_finding(FINDINGS[-1], evidence.url or "", False)],
                )
            )
        return StepResult(evidence=evidence, checks=checks)


def _journey_title(number: int, hostile: bool) -> str:
    if hostile:
        return HOSTILE_TEXT
    titles = (
        "Buy a gift as a first-time visitor",
        "Ask for a refund",
        "Reset a password",
        "Find the nearest store",
        "Track an order",
        "Join the loyalty club",
    )
    suffix = f" ({number // len(titles) + 1})" if number >= len(titles) else ""
    return titles[number % len(titles)] + suffix


def _guided(step: StepResult, rating: int, when: str) -> None:
    step.evidence.guided.append(
        GuidedRating(
            auditor="Dana (COO)",
            walked_at=when,
            ratings={"courtesy": rating, "efficiency": max(1, rating - 1), "show": None},
            notes="I had to look twice for the price." if rating <= 2 else "Felt welcoming.",
        )
    )


def sample_run(
    run_dir: Path,
    *,
    journeys: int = 3,
    steps: int = 4,
    findings_per_step: int = 2,
    devices: Sequence[str] = ("desktop", "mobile"),
    seed: int = 0,
    hostile: bool = False,
    run_id: str = "2026-11-22T07-00-00",
    started_at: str = "2026-11-22T07:00:00+00:00",
    audit: str = "Weekly storefront audit",
    score_shift: float = 0,
) -> Run:
    """A run of `journeys` x `devices` with `steps` steps each, saved in run_dir with its images.

    Journeys cycle through proud, middle and redesign targets; every third redesign journey
    fails a step (a blocker) so later steps are not reached. `hostile` puts a script-injection
    string into every field that comes from the audited site.
    """
    builder = _Builder(run_dir=run_dir, rng=random.Random(seed), hostile=hostile)
    results: list[JourneyResult] = []
    for number in range(journeys):
        target = (93.0, 74.0, 48.0)[number % 3] + score_shift
        journey_id = f"journey-{number + 1:02d}"
        for device in devices:
            failing_step = steps - 2 if number % 3 == 2 and steps > 1 else None
            step_results = []
            for index in range(steps):
                status = StepStatus.passed
                if failing_step is not None and index == failing_step:
                    status = StepStatus.failed
                elif failing_step is not None and index > failing_step:
                    status = StepStatus.not_reached
                step_results.append(
                    builder.step(journey_id, device, index, target, findings_per_step, status)
                )
            if number == 0 and device == devices[0]:
                _guided(step_results[0], 2, "2026-11-20T10:30:00+00:00")  # a disagreement
            if number == 1 and device == devices[0]:
                _guided(step_results[-1], 4, "2026-11-20T11:00:00+00:00")
            results.append(_journey(journey_id, number, device, step_results, hostile))
    run = Run(
        run_id=run_id,
        audit=audit,
        audit_file="audits/weekly.yaml",
        base_url="http://127.0.0.1:8000",
        started_at=started_at,
        finished_at=started_at.replace("07:00:00", "07:03:12"),
        journeys=results,
        fix_first=rank_findings(results, STANDARDS),
        selfshop_version="0.1.0",
    ).judged_with(STANDARDS, "sha256:3f2a9c1d0b7e")
    write_text(run_dir / "run.json", run.model_dump_json(indent=2))
    return run


def _journey(
    journey_id: str,
    number: int,
    device: str,
    steps: list[StepResult],
    hostile: bool,
) -> JourneyResult:
    """The journey as selfshop's scoring judges it: scores, verdict, reasons, fix-first."""
    journey = JourneyResult(
        journey_id=journey_id,
        title=_journey_title(number, hostile),
        device=device,
        persona="First-time visitor in a hurry",
        steps=steps,
        duration_ms=sum(s.evidence.timings.felt_ms or 0 for s in steps),
    )
    return score_journey(journey, STANDARDS)
