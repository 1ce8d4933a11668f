"""Retries: a failed step tried again, its failed tries kept as evidence, never hidden.

A retried step starts again from the page it began on (the session, cookies and storage are
kept, as a customer pressing Back and trying again keeps them). Each failed try keeps its
error, its URL and its screenshot (renamed, so the next try does not overwrite it); a step
that passes after failing is flaky (`StepEvidence.flaky`), which the reports show.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path

from selfshop.models.evidence import Attempt, StepEvidence, StepStatus
from selfshop.models.journey import Journey


def retries_for(journey: Journey, audit_retries: int) -> int:
    """How many times a failed step of this journey is tried again: its own, else the audit's."""
    return audit_retries if journey.retries is None else journey.retries


async def with_retries(
    once: Callable[[], Awaitable[StepEvidence]],
    back: Callable[[], Awaitable[None]],
    *,
    retries: int,
    run_dir: Path,
    stop: threading.Event,
) -> StepEvidence:
    """Walk the step with `once`; while it fails and retries are left, `back` to where it
    began and walk it again. The evidence returned is the last try's, with the failed ones."""
    failed: list[Attempt] = []
    while True:
        evidence = await once()
        if evidence.status is not StepStatus.failed or len(failed) >= retries or stop.is_set():
            break
        failed.append(kept(evidence, len(failed) + 1, run_dir))
        await back()
    evidence.attempts = failed
    return evidence


def kept(evidence: StepEvidence, attempt: int, run_dir: Path) -> Attempt:
    """A failed try as evidence, its screenshot moved aside to '<name>.attempt-N.png'."""
    screenshot = evidence.screenshot
    if screenshot is not None:
        aside = screenshot.removesuffix(".png") + f".attempt-{attempt}.png"
        try:
            os.replace(run_dir / screenshot, run_dir / aside)
            screenshot = aside
        except OSError:
            screenshot = None  # the try's picture is lost; its error and URL remain
        if evidence.thumbnail:
            with contextlib.suppress(OSError):
                os.remove(run_dir / evidence.thumbnail)
    return Attempt(attempt=attempt, error=evidence.error, url=evidence.url, screenshot=screenshot)
